import { parse, type DocumentNode } from "graphql";
import type { TwoStepCore } from "@twostep/core";
import {
  changePassword,
  chooseSecondFactor,
  completeSignInThroughCore,
  disableTwoFactorAuth,
  enableTwoFactorAuth,
  endOtherSessions,
  endSession,
  me,
  mySessions,
  requestOtp,
  revokeAllTrustedDevices,
  revokeTrustedDevice,
  setPhoneNumber,
  trustedDevices,
  typeDefsWithDirective,
  verifyAuthenticatorCode,
  verifyBackupCode,
  verifyOtp,
  type GraphQLViewer,
  type TwoStepGraphQLContext,
} from "@twostep/graphql";
import type { Auth, LambdaEvent } from "./auth.js";
import { SESSION_COOKIE, readCookie, signedInCookies, type CookieOptions } from "./cookies.js";
import type { RequestScope } from "./http-adapter.js";
import type { Session, Sessions } from "./sessions.js";
import type { AccountMutations, AccountRequest } from "./sign-in.js";

/** This app's own schema: its account mutations and one field only a full session may read. */
const APP_SDL = /* GraphQL */ `
  type SignInResult {
    success: Boolean!
    code: String
    secondFactorRequired: Boolean!
  }
  type Query {
    "Stands for the app's own data: @requireAuth, so a password-only session can't read it."
    secretMessage: String! @requireAuth
  }
  type Mutation {
    signUp(email: String!, password: String!): SignInResult! @skipAuth
    signIn(email: String!, password: String!): SignInResult! @skipAuth
    signOut: Boolean! @skipAuth
  }
`;

/**
 * This app's mutations that check a password (signIn) or hash one (signUp): twoStepPlugins'
 * countAsCodeChecks, so no document runs more than one of them, or one beside a code check.
 */
const APP_CODE_CHECKS = ["signIn", "signUp"] as const;

/** What Redwood and Cedar hand a service as its second argument (only what this app reads of it). */
export type ServiceContext = {
  event: LambdaEvent;
  requestContext: RequestScope;
  currentUser?: { email: string };
  twostep: TwoStepGraphQLContext;
};

/** A service as Redwood and Cedar call it: (args, { root, context, info }). */
export type Service = (args: never, resolverArgs: { context: ServiceContext }) => unknown;

/** The `sdls` option of createGraphQLHandler: what a Redwood or Cedar app gets from a glob import of src/graphql. */
export type Sdls = Record<string, { schema: DocumentNode; resolvers: Record<string, never> }>;

function viewerOf(session: Session | null): GraphQLViewer {
  if (!session) return { kind: "anonymous" };
  if (session.stage === "pending") return { kind: "pending", userId: session.userId, email: session.email };
  return { kind: "full", userId: session.userId, email: session.email, signedInAtMs: session.signedInAtMs ?? 0 };
}

export function createGraphQLParts(deps: { twostep: TwoStepCore; auth: Auth; sessions: Sessions; accounts: AccountMutations; cookies: CookieOptions }) {
  const { twostep, auth, sessions, accounts } = deps;

  /** The twostep context for one request: the session's stage becomes the viewer, never currentUser. */
  async function twostepContext(event: ServiceContext["event"], scope: RequestScope): Promise<TwoStepGraphQLContext> {
    const session = await auth.sessionOf(event);
    return {
      viewer: viewerOf(session),
      ip: scope.clientIp,
      twoFactor: twostep.twoFactor,
      // Runs only after the core accepted the code: the pending session ends, a new full one starts.
      completeSignIn: completeSignInThroughCore({
        twoFactor: twostep.twoFactor,
        ip: scope.clientIp,
        userAgent: event.headers?.["user-agent"] ?? null,
        async upgradeSession(_viewer, factor) {
          const origin = { ip: scope.clientIp, userAgent: event.headers?.["user-agent"] ?? null, factor };
          const token = session ? await sessions.upgrade(session, origin) : null;
          if (!token) throw new Error("the pending session ended before its second factor was accepted");
          scope.setCookies.push(...signedInCookies(token, deps.cookies));
        },
      }),
      // "Trust this browser": null here (this app gives the core no trusted-device store), so the
      // list is empty and there is nothing to revoke; the operations still check the session.
      trustedDevices: twostep.trustedDevices,
      // The session list is this app's own table. No `accounts`: passwords live in app.users, not
      // in twostep, so changePassword answers NOT_SUPPORTED and the app would offer its own.
      sessions: {
        list: (viewer) => sessions.list(viewer.userId, session?.tokenHash ?? null),
        end: (viewer, id) => sessions.endForUser(viewer.userId, id),
        // Never "everyone but nobody": without this request's own session, nothing ends.
        endOthers: async (viewer) => (session ? sessions.endOthers(viewer.userId, session.tokenHash) : 0),
      },
    };
  }

  const accountRequest = (context: ServiceContext): AccountRequest => ({
    scope: context.requestContext,
    sessionToken: readCookie(context.event.headers?.cookie, SESSION_COOKIE),
    userAgent: context.event.headers?.["user-agent"] ?? null,
  });

  const twostepServices: Record<string, Service> = {
    me: (_args, { context }) => me(context.twostep),
    requestOtp: (_args, { context }) => requestOtp(context.twostep),
    verifyOtp: (args: { otp: string }, { context }) => verifyOtp(context.twostep, args),
    verifyBackupCode: (args: { code: string }, { context }) => verifyBackupCode(context.twostep, args),
    verifyAuthenticatorCode: (args: { code: string }, { context }) => verifyAuthenticatorCode(context.twostep, args),
    chooseSecondFactor: (args: { factor: string }, { context }) => chooseSecondFactor(context.twostep, args),
    setPhoneNumber: (args: { phoneNumber: string; country?: string | null }, { context }) => setPhoneNumber(context.twostep, args),
    enableTwoFactorAuth: (_args, { context }) => enableTwoFactorAuth(context.twostep),
    disableTwoFactorAuth: (args: { password: string; otp: string }, { context }) => disableTwoFactorAuth(context.twostep, args),
    mySessions: (_args, { context }) => mySessions(context.twostep),
    endSession: (args: { id: string }, { context }) => endSession(context.twostep, args),
    endOtherSessions: (_args, { context }) => endOtherSessions(context.twostep),
    trustedDevices: (_args, { context }) => trustedDevices(context.twostep),
    revokeTrustedDevice: (args: { id: string }, { context }) => revokeTrustedDevice(context.twostep, args),
    revokeAllTrustedDevices: (_args, { context }) => revokeAllTrustedDevices(context.twostep),
    changePassword: (args: { currentPassword: string; newPassword: string }, { context }) => changePassword(context.twostep, args),
  };
  const appServices: Record<string, Service> = {
    secretMessage: (_args, { context }) => `Only a fully signed-in ${context.currentUser?.email} reads this.`,
    signUp: (args: { email: string; password: string }, { context }) => accounts.signUp(args, accountRequest(context)),
    signIn: (args: { email: string; password: string }, { context }) => accounts.signIn(args, accountRequest(context)),
    signOut: (_args, { context }) => accounts.signOut(accountRequest(context)),
  };

  return {
    // twostep's operations check the session stage themselves, and pending sessions must reach some.
    sdls: { twostep: { schema: parse(typeDefsWithDirective("@skipAuth")), resolvers: {} }, app: { schema: parse(APP_SDL), resolvers: {} } } satisfies Sdls,
    // Typed services: each framework's interop casts them to its `(...args: unknown[]) => unknown`.
    services: { twostep: twostepServices, app: appServices },
    /** For twoStepPlugins({ countAsCodeChecks }). */
    countAsCodeChecks: APP_CODE_CHECKS,
    context: async ({ context }: { context: ServiceContext }) => ({ twostep: await twostepContext(context.event, context.requestContext) }),
  };
}

export type GraphQLParts = ReturnType<typeof createGraphQLParts>;
