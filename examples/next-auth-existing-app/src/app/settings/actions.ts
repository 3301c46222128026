"use server";

import { errorMessages } from "@twostep/core";
import { redirect } from "next/navigation";
import { session } from "../../auth";
import { requestIp } from "../../server/request-ip";
import { getApp } from "../../server/twostep";

/** Sends a code to the new number; it is saved only when that code comes back. */
export async function startPhoneEnrollmentAction(form: FormData) {
  const viewer = await session.requireFullViewer();
  const { twostep } = await getApp();
  const result = await twostep.twoFactor.beginPhoneEnrollment({
    userId: viewer.userId,
    phone: form.get("phone"),
    ip: await requestIp(),
    // Changing the number of an account with 2FA on needs a recent second factor.
    signedInAtMs: viewer.signedInAtMs,
  });
  redirect(result.ok ? "/settings?sent=1" : `/settings?error=${result.code}`);
}

export async function confirmPhoneAction(form: FormData) {
  const viewer = await session.requireFullViewer();
  const { twostep } = await getApp();
  const result = await twostep.twoFactor.confirmPhoneEnrollment({ userId: viewer.userId, code: form.get("code"), ip: await requestIp() });
  redirect(result.ok ? "/settings" : `/settings?sent=1&error=${result.code}`);
}

export type EnableState = { backupCodes: string[] | null; error: string | null };

/** Turns 2FA on; the backup codes come back once, to be shown once. */
export async function enableTwoFactorAction(_previous: EnableState): Promise<EnableState> {
  const viewer = await session.requireFullViewer();
  const { twostep } = await getApp();
  const result = await twostep.twoFactor.enableTwoFactor({ userId: viewer.userId, ip: await requestIp() });
  if (!result.ok) return { backupCodes: null, error: errorMessages[result.code] };
  return { backupCodes: result.backupCodes, error: null };
}
