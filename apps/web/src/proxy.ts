import type { NextRequest } from "next/server";
import { twoStepSession } from "@/server/auth/two-step-session";

/**
 * Early redirects only (@twostep/next-auth reads the session cookie and never writes it). Every
 * protected page, action and API checks the session again on the server
 * (src/server/auth/viewer.ts); this just saves a render.
 */
export default function proxy(request: NextRequest) {
  return twoStepSession.proxy(request);
}

export const config = {
  matcher: ["/dashboard/:path*", "/settings/:path*", "/verify/:path*", "/verify"],
};
