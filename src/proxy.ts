import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { auth } from "@/server/auth/auth";

/**
 * Early redirects only. Every protected page, action and API checks the session again on the
 * server (src/server/auth/viewer.ts); this just saves a render.
 */
const redirectBySession = auth((request) => {
  const stage = (request.auth as { stage?: string } | null)?.stage;
  const { pathname } = request.nextUrl;
  const to = (path: string) => NextResponse.redirect(new URL(path, request.nextUrl.origin));
  if (pathname === "/verify" || pathname.startsWith("/verify/")) {
    if (!stage) return to("/sign-in");
    if (stage === "full") return to("/dashboard");
    return NextResponse.next();
  }
  if (stage !== "full") return to(stage === "pending" ? "/verify" : "/sign-in");
  return NextResponse.next();
}) as unknown as Promise<(request: NextRequest, event: NextFetchEvent) => Promise<Response>>;

// With a lazily built config (ours, so the secret is read at run time) Auth.js hands back the
// wrapped handler as a promise; Next needs a plain function.
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  return (await redirectBySession)(request, event);
}

export const config = {
  matcher: ["/dashboard/:path*", "/settings/:path*", "/verify/:path*", "/verify"],
};
