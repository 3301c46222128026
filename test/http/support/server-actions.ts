import { readFileSync } from "node:fs";
import { webAppPath } from "../../support/web-app";
import type { HttpSession } from "../../support/http-session";

/**
 * Calls Next.js server actions over plain HTTP, the way a script (not our pages) could: a POST
 * with the action's id in `Next-Action` and the arguments in React's reply encoding. Action ids
 * come from the production build's manifest, so a renamed action fails loudly here.
 */
type Manifest = { node: Record<string, { exportedName?: string }> };

export function actionId(exportedName: string): string {
  const file = webAppPath(".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName);
  if (!found) throw new Error(`no server action named ${exportedName} in the build`);
  return found[0];
}

export type ActionReply = {
  status: number;
  /** Where the action redirected (`redirect()` in the action or a guard), if it did. */
  redirect: string | null;
  /** What the action returned, decoded from the Flight response; null when it returned nothing readable. */
  result: Record<string, unknown> | null;
  body: string;
};

/** A form field: text, a file (what a browser sends for <input type=file>), or the same name repeated. */
export type FieldValue = string | Blob | string[];

/**
 * `(previousState, formData)` as useActionState sends them. `form: "not-form-data"` sends a
 * string where the FormData should be, as a hand-made request could.
 */
export async function callAction(
  session: HttpSession,
  pagePath: string,
  name: string,
  form: Record<string, FieldValue> | "not-form-data" = {},
): Promise<ActionReply> {
  const body = new FormData();
  if (form === "not-form-data") {
    body.append("0", JSON.stringify([{ status: "idle" }, "not form data"]));
  } else {
    // "$K1": the second argument is the FormData made of the fields prefixed "_1_" (React 19's
    // reply format). The root "0" goes last, as React sends it: the server decodes as parts stream
    // in, and a root that comes first would see an empty FormData.
    for (const [field, value] of Object.entries(form)) {
      for (const one of Array.isArray(value) ? value : [value]) {
        if (typeof one === "string") body.append(`_1_${field}`, one);
        else body.append(`_1_${field}`, one, "upload.bin");
      }
    }
    body.append("0", JSON.stringify([{ status: "idle" }, "$K1"]));
  }
  const res = await session.fetch(pagePath, {
    method: "POST",
    headers: { "Next-Action": actionId(name), Accept: "text/x-component", Origin: session.baseUrl },
    body,
  });
  const text = await res.text();
  return { status: res.status, redirect: res.headers.get("x-action-redirect") ?? res.headers.get("location"), result: actionResult(text), body: text };
}

/** The action's return value: row 0 of the Flight stream names the row ("a": "$@N") that holds it. */
function actionResult(flight: string): Record<string, unknown> | null {
  const rows = new Map<string, string>();
  for (const line of flight.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) rows.set(line.slice(0, colon), line.slice(colon + 1));
  }
  try {
    const root = JSON.parse(rows.get("0") ?? "null") as { a?: unknown } | null;
    const ref = typeof root?.a === "string" && root.a.startsWith("$@") ? root.a.slice(2) : null;
    const value: unknown = ref ? JSON.parse(rows.get(ref) ?? "null") : null;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Whether the answer carries a render of the page besides the action's value (what `refresh()`
 * in an action does: Next renders the page again into the same response). Without one the stream
 * is two rows, the root naming the value and the value; with one the root holds the new tree.
 */
export function carriesPageRender(body: string): boolean {
  const lines = body.split("\n").filter((line) => line !== "");
  const root = lines.find((line) => line.startsWith("0:"));
  if (!root) return false;
  const parsed = JSON.parse(root.slice(2)) as Record<string, unknown>;
  return "t" in parsed || "f" in parsed || lines.length > 2;
}
