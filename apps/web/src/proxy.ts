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

/**
 * A server action's POST (Next-Action header) never reaches the proxy: it would pass it through
 * unread anyway (an action checks its own session), and skipping it saves Next the middleware's
 * request copy on every code check. Written out: Next reads this config without running it.
 */
export const config = {
  matcher: [
    { source: "/dashboard/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/settings/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/verify/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/verify", missing: [{ type: "header", key: "next-action" }] },
  ],
};
