/**
 * Where a sign-in that began at a protected page (the proxy sends `/sign-in?callbackUrl=…`) ends.
 * Only a path on this origin is accepted: a path that a browser could read as another host
 * (`//evil`, `/\evil`, a tab or newline that URL parsing drops), an absolute URL or any scheme
 * (`javascript:`) gives the default. The sign-in pages themselves are refused too, so a sign-in
 * never lands back on a form.
 */

export const AFTER_SIGN_IN_DEFAULT = "/dashboard";

/** Longer than any path of this app; a cookie must stay small. */
const MAX_CALLBACK_LENGTH = 1024;

/** Any character below space or DEL: URL parsing removes tabs and newlines, which can join "/" and "/". */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

const SIGN_IN_PATHS = ["/sign-in", "/sign-up", "/sign-out", "/verify"];

/** The path and query of `value` when it is a safe same-origin destination, else null. */
export function sameOriginPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_CALLBACK_LENGTH) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\") || CONTROL_CHARACTER.test(value)) return null;
  const base = "https://twostep.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  // Dot segments can collapse into "//host" ("/a/..//evil"): check what the browser would request.
  const path = url.pathname + url.search;
  if (path.startsWith("//")) return null;
  if (SIGN_IN_PATHS.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return null;
  return path;
}

/** `value` when it is safe (sameOriginPath), else the dashboard. */
export function afterSignInPath(value: unknown): string {
  return sameOriginPath(value) ?? AFTER_SIGN_IN_DEFAULT;
}
