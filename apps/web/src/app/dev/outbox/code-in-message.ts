/**
 * The code in an outbox SMS: from its origin-bound last line ("@host #123456"), else the first
 * six digits standing alone. null for a message without one (a notice, not a code).
 */
export function codeInMessage(body: string): string | null {
  return body.match(/#(\d{6})\s*$/)?.[1] ?? body.match(/(?<!\d)(\d{6})(?!\d)/)?.[1] ?? null;
}

/**
 * Whether a message's number matches what was typed in the filter: by digits when the filter
 * has any ("415 555" finds +14155550123), else as plain text (a masked "•••0123" as shown).
 */
export function numberMatches(to: string, filter: string): boolean {
  const wanted = filter.trim();
  if (wanted === "") return true;
  const digits = wanted.replace(/\D/g, "");
  if (digits !== "" && to.replace(/\D/g, "").includes(digits)) return true;
  return to.toLowerCase().includes(wanted.toLowerCase());
}
