import { readFileSync } from "node:fs";

/**
 * The reference app's own code check: the `/verify` page's server action, called the way its form
 * calls it (React's reply encoding: field "0" holds the arguments, `[previousState, "$K1"]`, and the
 * form's fields ride as "1_<name>"), with the action's id from the build's manifest.
 */
type ServerReferenceManifest = { node: Record<string, { exportedName?: string; filename?: string }> };

export function serverActionId(webDir: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(`${webDir}.next/server/server-reference-manifest.json`, "utf8")) as ServerReferenceManifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName);
  if (!found) throw new Error(`no server action named ${exportedName} in the build's manifest`);
  return found[0];
}

const BOUNDARY = "----twostepbench";

/** A multipart body as the browser's form submission through the action sends it. */
export function actionFormBody(fields: Record<string, string>): { body: string; contentType: string } {
  const parts = [["0", JSON.stringify([{ status: "idle" }, "$K1"])], ...Object.entries(fields).map(([name, value]) => [`1_${name}`, value])];
  const body = parts.map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("") + `--${BOUNDARY}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

/** The action's answer, as the mix names it: its result code, or the HTTP status when none shows. */
export function actionOutcome(status: number, body: string): string {
  if (status !== 200) return `HTTP_${status}`;
  const code = /"status":"error","id":"[^"]+","code":"([A-Z_]+)"/.exec(body)?.[1];
  if (code) return code;
  return /NEXT_REDIRECT|\/dashboard/.test(body) ? "SUCCESS" : "UNPARSED";
}
