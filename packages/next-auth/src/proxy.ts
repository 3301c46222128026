import { NextResponse, type NextRequest } from "next/server";
import type { SessionSettings } from "./options.js";
import { readSessionToken, sessionCookieName } from "./session-cookie.js";

/**
 * Early redirects only, for the paths in the host's proxy matcher. Every protected page, action
 * and API checks the session again (getViewer); this just saves a render, and it never loads the
 * host's database (no userExists() here).
 *
 * It reads the session cookie and never writes it. Auth.js's `auth()` wrapper re-sets the cookie
 * on every request it sees: a prefetch in flight while the user signed out then put the session
 * back after sign-out had cleared it.
 *
 * A server action's POST (it carries a `Next-Action` header) is never redirected: the client
 * that sent it expects an action result and cannot follow a redirect to an HTML page, so the
 * user would see a crashed page. The action checks the session itself and answers "session
 * ended" in a form the page can show.
 */
export async function redirectByStage(request: NextRequest, settings: SessionSettings): Promise<NextResponse> {
  // Before the cookie is read: decrypting it would be work for nothing (the action reads it again).
  if (request.method === "POST" && request.headers.has("next-action")) return NextResponse.next();
  const claims = await readSessionToken(request.cookies.get(sessionCookieName(settings))?.value, settings);
  const stage = claims?.stage;
  const { signIn, verify, afterSignIn } = settings.paths;
  const { pathname } = request.nextUrl;
  const to = (path: string) => NextResponse.redirect(new URL(path, request.nextUrl.origin));
  if (pathname === verify || pathname.startsWith(`${verify}/`)) {
    if (!stage) return to(signIn);
    if (stage === "full") return to(afterSignIn);
    return NextResponse.next();
  }
  if (stage === "pending") return to(verify);
  if (stage !== "full") {
    // A deep link survives sign-in: the host's sign-in page reads `callbackUrl` (this request's
    // own path and query, so always same-origin) and checks it again before using it.
    const back = new URL(signIn, request.nextUrl.origin);
    back.searchParams.set("callbackUrl", pathname + request.nextUrl.search);
    return NextResponse.redirect(back);
  }
  return NextResponse.next();
}
