/**
 * The reference app's own code check: the `/verify` page's server action, posted the way its form
 * posts it (React's reply encoding, as test/http/support/server-actions.ts sends it: the form's
 * fields as "_1_<name>", then the root "0" holding `[previousState, "$K1"]`), as one fixed string
 * autocannon can repeat.
 */
const BOUNDARY = "----twostepbench";

export function actionFormBody(fields: Record<string, string>): { body: string; contentType: string } {
  const parts = [...Object.entries(fields).map(([name, value]) => [`_1_${name}`, value]), ["0", JSON.stringify([{ status: "idle" }, "$K1"])]];
  const body = parts.map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("") + `--${BOUNDARY}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

/** The action's answer, as the mix names it: its result code, or the HTTP status when none shows. */
export function actionOutcome(status: number, body: string): string {
  if (status !== 200 && status !== 303) return `HTTP_${status}`;
  const code = /"status":"error","id":"[^"]+","code":"([A-Z_]+)"/.exec(body)?.[1];
  if (code) return code;
  return status === 303 || /\/dashboard/.test(body) ? "SUCCESS" : "UNPARSED";
}
