import type { NextAuthConfig } from "next-auth";
import type { SessionView } from "@twostep/core";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest, NextResponse } from "next/server";
import { stageAwareAuthConfig, type HostAuthConfig } from "./auth-config.js";
import {
  completeWithAuthenticator,
  completeWithBackupCode,
  completeWithCode,
  completeWithEnrollment,
  type CompleteAuthenticatorSignInInput,
  type CompleteAuthenticatorSignInResult,
  type CompleteEnrollmentSignInInput,
  type CompleteEnrollmentSignInResult,
  type CompleteBackupSignInInput,
  type CompleteBackupSignInResult,
  type CompleteSignInInput,
  type CompleteSignInResult,
} from "./complete-sign-in.js";
import { resolveSettings, type SessionSettings, type TwoStepSessionOptions } from "./options.js";
import { redirectByStage } from "./proxy.js";
import { encodeFullSessionToken, readSessionToken, sessionCookieName } from "./session-cookie.js";
import { viewerFromClaims, type FullViewer, type PendingViewer, type Viewer } from "./viewer.js";
import { browserIsTrusted, completeWithTrustedBrowser, trustThisBrowser, type TrustedDeviceChecks } from "./trusted-browser.js";

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
  /**
   * Runs the SMS code through the core; only if it passed, sets a new full session cookie. These
   * completions answer REAUTH_REQUIRED, setting no cookie, when the pending session was ended while
   * the code was checked (a sign-out, "end other sessions", a password reset): sign in again.
   */
  completeSignInWithCode(viewer: PendingViewer, input: CompleteSignInInput): Promise<CompleteSignInResult>;
  /** The same with a backup code. */
  completeSignInWithBackupCode(viewer: PendingViewer, input: CompleteBackupSignInInput): Promise<CompleteBackupSignInResult>;
  /** The same with an authenticator app's code; the session records "totp". */
  completeSignInWithAuthenticator(viewer: PendingViewer, input: CompleteAuthenticatorSignInInput): Promise<CompleteAuthenticatorSignInResult>;
  /**
   * When the policy requires 2FA and the user had no factor: the pending session confirms a new
   * authenticator with its first code, and only then becomes full (recording "totp").
   */
  completeSignInWithEnrollment(viewer: PendingViewer, input: CompleteEnrollmentSignInInput): Promise<CompleteEnrollmentSignInResult>;
  /**
   * After the password: does this browser carry a trust the core accepts for this user? A host's
   * authorize() asks it to skip sending a code; the session stays pending until the completion below.
   */
  browserIsTrusted(userId: string, input: { trustedDevices: Pick<TrustedDeviceChecks, "check">; ip?: string | null }): Promise<boolean>;
  /**
   * The second step by a trusted browser: only if its trust checks out for this pending user is the
   * session replaced by a full one, recording "trusted_device". The password (and its limits) passed before.
   * REAUTH_REQUIRED: the pending session was ended meanwhile, so nothing was upgraded.
   */
  completeSignInWithTrustedDevice(
    viewer: PendingViewer,
    input: { trustedDevices: Pick<TrustedDeviceChecks, "check">; ip?: string | null },
  ): Promise<{ ok: true } | { ok: false; code: "NOT_TRUSTED" | "REAUTH_REQUIRED" }>;
  /**
   * "Trust this browser": only for a session that passed a second factor (sms, totp, backup_code);
   * sets an HttpOnly cookie with the core's token, for the trust's lifetime.
   */
  trustThisBrowser(
    viewer: FullViewer,
    input: { trustedDevices: Pick<TrustedDeviceChecks, "trust" | "lifetimeSeconds">; ip?: string | null },
  ): Promise<{ ok: true } | { ok: false; code: "REAUTH_REQUIRED" }>;
  /** For the host's proxy.ts: early redirects by stage; never writes the cookie. */
  proxy(request: NextRequest): Promise<NextResponse>;
  /** The viewer's live sessions, theirs marked `current`; empty without a session gate. */
  listSessions(viewer: FullViewer): Promise<SessionView[]>;
  /** Ends one of the viewer's own sessions (a row's "sign out"); false when it is not theirs or gone. */
  endSession(viewer: FullViewer, sessionId: string): Promise<boolean>;
  /**
   * Ends every other session of the viewer's user, keeping the viewer's own: "sign out everywhere
   * else", and what a host calls after any change of 2FA, phone, backup codes or password.
   */
  endOtherSessions(viewer: FullViewer | PendingViewer): Promise<number>;
  /** Ends every session of a user (an operator's reset, a password reset); the caller's too. */
  endAllSessions(userId: string): Promise<number>;
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

  /** The record id in this request's cookie, if the cookie is this user's; for viewers rebuilt by a host. */
  const sessionIdOf = async (userId: string): Promise<string | null> => {
    const current = settings();
    const claims = await readSessionToken((await cookies()).get(sessionCookieName(current))?.value, current);
    return claims && claims.sub === userId ? claims.sid : null;
  };

  /**
   * Needs a context that may set cookies: a server action or a route handler. With a gate, the
   * pending record ends and a new full one begins, so the pending cookie is worth nothing after.
   * False, and no cookie set, when the pending record was ended while the second step was checked
   * (a sign-out, "end other sessions", a password reset): the request's start saw it live, but
   * nothing may come of it now, and the person signs in again.
   */
  const mintFullSession = async (viewer: PendingViewer, factor: string, ip: string | null): Promise<boolean> => {
    const current = settings();
    let sid: string | undefined;
    if (current.sessions) {
      const pendingId = viewer.sessionId ?? (await sessionIdOf(viewer.userId));
      // No pending record to upgrade: nothing that was checked can become a full session.
      if (!pendingId) return false;
      const userAgent = (await headers()).get("user-agent");
      const full = { userId: viewer.userId, stage: "full" as const, factor, ip, userAgent };
      const { sessions } = current;
      if (sessions.replace) {
        const opened = await sessions.replace(pendingId, full);
        if (!opened) return false;
        sid = opened.id;
      } else {
        // A gate without replace: the pending record must still be live, then it ends.
        const pending = await sessions.check(pendingId);
        if (!pending || pending.userId !== viewer.userId || pending.stage !== "pending") return false;
        await sessions.end(pendingId);
        sid = (await sessions.open(full)).id;
      }
    }
    const token = await encodeFullSessionToken({ sub: viewer.userId, email: viewer.email }, current, sid, factor);
    (await cookies()).set(sessionCookieName(current), token, {
      httpOnly: true,
      sameSite: "lax",
      secure: current.secureCookies,
      path: "/",
      maxAge: current.fullSessionSeconds,
    });
    return true;
  };

  /** The request's browser unless the host named one, so the sign-in's log entry says which browser it was. */
  const withUserAgent = async <T extends { userAgent?: string | null }>(input: T): Promise<T> =>
    input.userAgent !== undefined ? input : { ...input, userAgent: (await headers()).get("user-agent") };

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
    completeSignInWithCode: async (viewer, input) => completeWithCode(viewer, await withUserAgent(input), mintFullSession),
    completeSignInWithBackupCode: async (viewer, input) => completeWithBackupCode(viewer, await withUserAgent(input), mintFullSession),
    completeSignInWithAuthenticator: async (viewer, input) => completeWithAuthenticator(viewer, await withUserAgent(input), mintFullSession),
    completeSignInWithEnrollment: (viewer, input) => completeWithEnrollment(viewer, input, mintFullSession),
    browserIsTrusted: (userId, input) => browserIsTrusted(settings(), userId, input.trustedDevices, input.ip),
    completeSignInWithTrustedDevice: (viewer, input) => completeWithTrustedBrowser(settings(), viewer, input, mintFullSession),
    trustThisBrowser: (viewer, input) => trustThisBrowser(settings(), viewer, input),
    proxy: (request) => redirectByStage(request, settings()),
    async listSessions(viewer) {
      const gate = settings().sessions;
      return gate ? gate.list(viewer.userId, viewer.sessionId ?? (await sessionIdOf(viewer.userId))) : [];
    },
    async endSession(viewer, sessionId) {
      const gate = settings().sessions;
      return gate ? gate.endForUser(viewer.userId, sessionId) : false;
    },
    async endOtherSessions(viewer) {
      const gate = settings().sessions;
      // Never "everyone but nobody": without the asker's own id, nothing is ended.
      const keep = viewer.sessionId ?? (await sessionIdOf(viewer.userId));
      return gate && keep ? gate.endOthers(viewer.userId, keep) : 0;
    },
    async endAllSessions(userId) {
      const gate = settings().sessions;
      return gate ? gate.endOthers(userId, null) : 0;
    },
  };
}
