/**
 * How errors appear in logs. Driver errors can carry the failed statement with its parameters
 * (phone numbers, SMS text with a code, limiter keys), so a logged error keeps only the root
 * cause's name, code and message, and any run of 6+ digits in that message is blotted out.
 */
export function safeError(error: unknown): { type: string; code?: string; message: string } {
  let root = error;
  for (let depth = 0; depth < 8 && root instanceof Error && root.cause !== undefined; depth++) root = root.cause;
  if (!(root instanceof Error)) return { type: typeof root, message: "a non-error value was thrown" };
  const code = "code" in root && typeof root.code === "string" ? root.code : undefined;
  // A query error with no driver error under it: its message is the statement and its parameters.
  const message = "params" in root ? "query failed" : scrubDigits(root.message);
  return { type: root.name, ...(code ? { code } : {}), message: message.slice(0, 500) };
}

export function scrubDigits(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{4,}\d/g, (run) => (run.replace(/\D/g, "").length >= 6 ? "[digits]" : run));
}
