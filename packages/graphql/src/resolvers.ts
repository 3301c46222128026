import type { TwoStepGraphQLContext } from "./context.js";
import * as operations from "./operations.js";
import { revokeAllTrustedDevices, revokeTrustedDevice, trustedDevices } from "./trusted-device-operations.js";
import { changePassword } from "./password-operations.js";
import { endOtherSessions, endSession, mySessions } from "./session-operations.js";

/** Yoga resolvers: each one hands its arguments to the operation of the same name. */
export const resolvers = {
  Query: {
    me: (_root: unknown, _args: unknown, ctx: TwoStepGraphQLContext) => operations.me(ctx),
    trustedDevices: (_root: unknown, _args: unknown, ctx: TwoStepGraphQLContext) => trustedDevices(ctx),
    mySessions: (_root: unknown, _args: unknown, ctx: TwoStepGraphQLContext) => mySessions(ctx),
  },
  Mutation: {
    requestOtp: (_root: unknown, _args: unknown, ctx: TwoStepGraphQLContext) => operations.requestOtp(ctx),
    verifyOtp: (_root: unknown, args: { otp: string }, ctx: TwoStepGraphQLContext) => operations.verifyOtp(ctx, args),
    enableTwoFactorAuth: (_root: unknown, _args: unknown, ctx: TwoStepGraphQLContext) => operations.enableTwoFactorAuth(ctx),
    setPhoneNumber: (_root: unknown, args: { phoneNumber: string; country?: string | null }, ctx: TwoStepGraphQLContext) =>
      operations.setPhoneNumber(ctx, args),
    disableTwoFactorAuth: (_root: unknown, args: { password: string; otp: string }, ctx: TwoStepGraphQLContext) =>
      operations.disableTwoFactorAuth(ctx, args),
    verifyBackupCode: (_root: unknown, args: { code: string }, ctx: TwoStepGraphQLContext) => operations.verifyBackupCode(ctx, args),
    verifyAuthenticatorCode: (_root: unknown, args: { code: string }, ctx: TwoStepGraphQLContext) => operations.verifyAuthenticatorCode(ctx, args),
    chooseSecondFactor: (_root: unknown, args: { factor: string }, ctx: TwoStepGraphQLContext) => operations.chooseSecondFactor(ctx, args),
    revokeTrustedDevice: (_root: unknown, args: { id: string }, ctx: TwoStepGraphQLContext) => revokeTrustedDevice(ctx, args),
    revokeAllTrustedDevices: (_root: unknown, _args: unknown, ctx: TwoStepGraphQLContext) => revokeAllTrustedDevices(ctx),
    endSession: (_root: unknown, args: { id: string }, ctx: TwoStepGraphQLContext) => endSession(ctx, args),
    endOtherSessions: (_root: unknown, _args: unknown, ctx: TwoStepGraphQLContext) => endOtherSessions(ctx),
    changePassword: (_root: unknown, args: { currentPassword: string; newPassword: string }, ctx: TwoStepGraphQLContext) =>
      changePassword(ctx, args),
  },
};
