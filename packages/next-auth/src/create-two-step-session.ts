import type { NextAuthConfig } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest, NextResponse } from "next/server";
import { stageAwareAuthConfig, type HostAuthConfig } from "./auth-config.js";
import {
  completeWithBackupCode,
  completeWithCode,
  type CompleteBackupSignInInput,
  type CompleteBackupSignInResult,
  type CompleteSignInInput,
  type CompleteSignInResult,
} from "./complete-sign-in.js";
import { resolveSettings, type SessionSettings, type TwoStepSessionOptions } from "./options.js";
import { redirectByStage } from "./proxy.js";
import { encodeFullSessionToken, readSessionToken, sessionCookieName } from "./session-cookie.js";
import { viewerFromClaims, type FullViewer, type PendingViewer, type Viewer } from "./viewer.js";

/** The session stage of one app: each member is a plain function, safe to pass around unbound. */
export type TwoStepSession = {
  /** The host's Auth.js config with the stage-aware jwt/session callbacks and session settings. */
  authConfig(host: HostAuthConfig): NextAuthConfig;
  /** The one check that decides "signed in", for pages, actions, route handlers and APIs. */
  getViewer(): Promise<Viewer>;
  /** The fully signed-in viewer, or a redirect: anonymous → sign-in, pending → verify. */
  requireFullViewer(): Promise<FullViewer>;
  /** A session that still owes its second factor, or a redirect: anonymous → sign-in, full → after sign-in. */
  requirePendingViewer(): Promise<PendingViewer>;
  /** Runs the SMS code through the core; only if it passed, sets a new full session cookie. */
  completeSignInWithCode(viewer: PendingViewer, input: CompleteSignInInput): Promise<CompleteSignInResult>;
  /** The same with a backup code. */
  completeSignInWithBackupCode(viewer: PendingViewer, input: CompleteBackupSignInInput): Promise<CompleteBackupSignInResult>;
  /** For the host's proxy.ts: early redirects by stage; never writes the cookie. */
  proxy(request: NextRequest): Promise<NextResponse>;
};

/**
 * Options may be a function, called when a request needs them, so a host can read its secret
 * from config at run time and `next build` never needs one.
 */
export function createTwoStepSession(options: TwoStepSessionOptions | (() => TwoStepSessionOptions)): TwoStepSession {
  let fixed: SessionSettings | undefined;
  const settings = (): SessionSettings => {
    if (typeof options === "function") return resolveSettings(options());
    return (fixed ??= resolveSettings(options));
  };

  const getViewer = async (): Promise<Viewer> => {
    // cookies() first: it marks the page as dynamic, so `next build` never prerenders a guarded
    // page and never asks the host for options (and a secret) at build time.
    const jar = await cookies();
    const current = settings();
    // Decrypting the cookie is all a check needs; Auth.js's auth() would also re-encrypt and
    // re-issue it on every call, and a late re-issue can undo a sign-out (see proxy.ts).
    const value = jar.get(sessionCookieName(current))?.value;
    return viewerFromClaims(await readSessionToken(value, current), current);
  };

  /** Needs a context that may set cookies: a server action or a route handler. */
  const mintFullSession = async (viewer: PendingViewer): Promise<void> => {
    const current = settings();
    const token = await encodeFullSessionToken({ sub: viewer.userId, email: viewer.email }, current);
    (await cookies()).set(sessionCookieName(current), token, {
      httpOnly: true,
      sameSite: "lax",
      secure: current.secureCookies,
      path: "/",
      maxAge: current.fullSessionSeconds,
    });
  };

  return {
    authConfig: (host) => stageAwareAuthConfig(host, settings()),
    getViewer,
    async requireFullViewer() {
      const viewer = await getViewer();
      if (viewer.kind === "anonymous") redirect(settings().paths.signIn);
      if (viewer.kind === "pending") redirect(settings().paths.verify);
      return viewer;
    },
    async requirePendingViewer() {
      const viewer = await getViewer();
      if (viewer.kind === "anonymous") redirect(settings().paths.signIn);
      if (viewer.kind === "full") redirect(settings().paths.afterSignIn);
      return viewer;
    },
    completeSignInWithCode: (viewer, input) => completeWithCode(viewer, input, mintFullSession),
    completeSignInWithBackupCode: (viewer, input) => completeWithBackupCode(viewer, input, mintFullSession),
    proxy: (request) => redirectByStage(request, settings()),
  };
}
