/** The session token's cookie: HttpOnly, so page JavaScript never sees it. */
export const SESSION_COOKIE = "app_session";

/**
 * Redwood and Cedar run the auth decoder only when the request names an auth provider: an
 * `auth-provider` header (which then also needs `Authorization: <scheme> <token>`) or an
 * `auth-provider` cookie. This app authenticates by cookie alone, so sign-in sets this one beside
 * the session cookie.
 */
export const AUTH_PROVIDER = "app-session";

export type CookieOptions = { secure: boolean };

function serialize(name: string, value: string, options: CookieOptions, maxAgeSeconds?: number): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

/** Set-Cookie values for a new session token. */
export const signedInCookies = (token: string, options: CookieOptions) => [
  serialize(SESSION_COOKIE, token, options),
  serialize("auth-provider", AUTH_PROVIDER, options),
];

export const signedOutCookies = (options: CookieOptions) => [
  serialize(SESSION_COOKIE, "", options, 0),
  serialize("auth-provider", "", options, 0),
];

/** One cookie's value from a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const pair of (header ?? "").split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim() || null;
  }
  return null;
}
