import { NextResponse, type NextRequest } from "next/server";
import { twoStepSession } from "@/server/auth/two-step-session";
import { screenRequest } from "@/server/request-screen";

/** The pages whose early redirects the session stage decides. */
const STAGED_PAGES = ["/dashboard", "/settings", "/verify"];

/**
 * Two jobs, each on the requests its matcher below sends here:
 * - refusing, with a 4xx, requests Next.js would answer with a 500 (server/request-screen.ts);
 * - early redirects by session stage (@twostep/next-auth reads the session cookie and never
 *   writes it). Every protected page, action and API checks the session again on the server
 *   (src/server/auth/viewer.ts); this just saves a render.
 */
export default async function proxy(request: NextRequest) {
  const refused = await screenRequest(request);
  if (refused) return refused;
  const { pathname } = request.nextUrl;
  const staged = STAGED_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));
  return staged ? twoStepSession.proxy(request) : NextResponse.next();
}

/**
 * Written out: Next reads this config without running it.
 * A server action a browser posts (Next-Action, and `Sec-Fetch-Site: same-origin`, which every
 * current browser sends) never reaches the proxy: the action checks its own session, and skipping
 * the proxy saves Next the middleware's request copy on every code check. One posted by anything
 * else is screened first.
 */
export const config = {
  matcher: [
    { source: "/dashboard/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/settings/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/verify/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/verify", missing: [{ type: "header", key: "next-action" }] },
    // Server actions not posted by a browser from one of our pages.
    { source: "/:path*", has: [{ type: "header", key: "next-action" }], missing: [{ type: "header", key: "sec-fetch-site", value: "same-origin" }] },
    // Form posts to any page (a body, no Next-Action): the no-JavaScript way to call an action.
    { source: "/((?!api/|_next/).*)", has: [{ type: "header", key: "content-type" }], missing: [{ type: "header", key: "next-action" }] },
    // Auth.js's addresses with a %-escape (none of its own has one), which may not decode.
    { source: "/api/auth/:path(.*%.*)" },
  ],
};
