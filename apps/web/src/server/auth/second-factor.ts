import { headers } from "next/headers";
import { describeDevice } from "@twostep/core";
import type { PendingViewer } from "@twostep/next-auth";
import { isKnownDevice, rememberDevice } from "../known-device";
import { getTwoStep } from "../twostep";
import { twoStepSession } from "./two-step-session";

/**
 * The second step of sign-in, shared by the code page and GraphQL: the core checks the code and,
 * only if it passed, the session is replaced by a fresh full one.
 */
export async function completeSignInWithCode(viewer: PendingViewer, code: unknown, ip: string | null) {
  const { twoFactor } = await getTwoStep();
  // A browser new to the account: the core records sign_in.new_device (and queues its notice) in
  // the code check itself, unless it is the account's first sign-in.
  const newDevice = (await isKnownDevice(viewer.userId)) ? undefined : { device: describeDevice((await headers()).get("user-agent")) };
  const checks = { completeSignIn: (input: Parameters<typeof twoFactor.completeSignIn>[0]) => twoFactor.completeSignIn({ ...input, newDevice }) };
  const result = await twoStepSession.completeSignInWithCode(viewer, { twoFactor: checks, code, ip });
  if (result.ok) await rememberDevice(viewer.userId, { newDeviceRecorded: true });
  return result;
}

export async function completeSignInWithBackupCode(viewer: PendingViewer, code: unknown, ip: string | null) {
  const { twoFactor } = await getTwoStep();
  // A browser that signed in to the account before has backup-code tries strangers can't spend.
  const knownDevice = await isKnownDevice(viewer.userId);
  const checks = { completeSignInWithBackupCode: (input: { userId: string; code: unknown; ip?: string | null }) => twoFactor.completeSignInWithBackupCode({ ...input, knownDevice }) };
  const result = await twoStepSession.completeSignInWithBackupCode(viewer, { twoFactor: checks, code, ip });
  if (result.ok) await rememberDevice(viewer.userId);
  return result;
}

/** The second step with an authenticator app's code; the session records "totp". */
export async function completeSignInWithAuthenticator(viewer: PendingViewer, code: unknown, ip: string | null) {
  const { twoFactor } = await getTwoStep();
  const result = await twoStepSession.completeSignInWithAuthenticator(viewer, { twoFactor, code, ip });
  if (result.ok) await rememberDevice(viewer.userId);
  return result;
}

/** TWO_FACTOR_POLICY=required, a user with no factor: the new app's first code finishes sign-in. */
export async function completeSignInWithEnrollment(viewer: PendingViewer, factorId: unknown, code: unknown, ip: string | null) {
  const { twoFactor } = await getTwoStep();
  const result = await twoStepSession.completeSignInWithEnrollment(viewer, { twoFactor, factorId, code, ip });
  if (result.ok) await rememberDevice(viewer.userId);
  return result;
}
