"use server";

import { redirect } from "next/navigation";
import { session } from "../../auth";
import { getApp } from "../../server/twostep";
import { requestIp } from "../../server/request-ip";

/*
 * The second step. Each action checks for a pending session itself (the proxy only saves a
 * render); the package upgrades the session only after the core accepted the code.
 */

export async function verifyCodeAction(form: FormData) {
  const viewer = await session.requirePendingViewer();
  const { twostep } = await getApp();
  const result = await session.completeSignInWithCode(viewer, { twoFactor: twostep.twoFactor, code: form.get("code"), ip: await requestIp() });
  redirect(result.ok ? "/protected" : `/verify?error=${result.code}`);
}

export async function verifyBackupCodeAction(form: FormData) {
  const viewer = await session.requirePendingViewer();
  const { twostep } = await getApp();
  const result = await session.completeSignInWithBackupCode(viewer, { twoFactor: twostep.twoFactor, code: form.get("code"), ip: await requestIp() });
  redirect(result.ok ? "/protected" : `/verify/backup?error=${result.code}`);
}

/** Always to the number on record; the core enforces the cooldown. */
export async function resendCodeAction() {
  const viewer = await session.requirePendingViewer();
  const { twostep } = await getApp();
  const result = await twostep.twoFactor.sendSignInCode({ userId: viewer.userId, ip: await requestIp() });
  redirect(result.ok ? "/verify?sent=1" : `/verify?error=${result.code}`);
}
