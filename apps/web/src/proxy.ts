import { NextResponse, type NextRequest } from "next/server";
import { readSessionCookie, sessionCookieName } from "@/server/auth/session-cookie";

/**
 * Early redirects only. Every protected page, action and API checks the session again on the
 * server (src/server/auth/viewer.ts); this just saves a render.
 *
 * It reads the session cookie and never writes it. (Auth.js's `auth()` wrapper re-sets the cookie
 * on every request it sees; a prefetch in flight while the user signed out then put the session
 * back after sign-out had cleared it.)
 */
export default async function proxy(request: NextRequest) {
  const claims = await readSessionCookie(request.cookies.get(sessionCookieName())?.value);
  const stage = claims?.stage;
  const { pathname } = request.nextUrl;
  const to = (path: string) => NextResponse.redirect(new URL(path, request.nextUrl.origin));
  if (pathname === "/verify" || pathname.startsWith("/verify/")) {
    if (!stage) return to("/sign-in");
    if (stage === "full") return to("/dashboard");
    return NextResponse.next();
  }
  if (stage !== "full") return to(stage === "pending" ? "/verify" : "/sign-in");
  return NextResponse.next();
}

export const config = {
  matcher: ["/dashboard/:path*", "/settings/:path*", "/verify/:path*", "/verify"],
};
