import type { NextRequest } from "next/server";
import { session } from "./auth";

/** Early redirects by session stage; each page checks again on the server (session.require…). */
export default function proxy(request: NextRequest) {
  return session.proxy(request);
}

export const config = { matcher: ["/protected/:path*", "/settings/:path*", "/verify/:path*", "/verify"] };
