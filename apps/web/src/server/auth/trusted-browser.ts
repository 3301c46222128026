import { describeDevice } from "@twostep/core";
import { headers } from "next/headers";
import { rememberDevice } from "../known-device";
import { getTwoStep } from "../twostep";
import { twoStepSession } from "./two-step-session";
import { getViewer } from "./viewer";

/*
 * "Trust this browser" (issue 11, item 4): the core keeps the trust, @twostep/next-auth the
 * cookie and the session upgrade; this file only joins them for the actions and authorize().
 */

/** Days a trust lasts, for the code pages' checkbox; null when TRUSTED_DEVICE_DAYS=0 turned it off. */
export async function trustDays(): Promise<number | null> {
  return (await getTwoStep()).trustedDevices?.days ?? null;
}

/**
 * In authorize(), after the password: true when this browser's trust checks out for a user who
 * has a second factor, so no SMS goes out for a step the trust will stand in for.
 */
export async function trustedBrowserSkipsCode(userId: string, ip: string | null): Promise<boolean> {
  const twostep = await getTwoStep();
  if (!twostep.trustedDevices) return false;
  if ((await twostep.twoFactor.availableSecondFactors(userId)).length === 0) return false;
  return twoStepSession.browserIsTrusted(userId, { trustedDevices: twostep.trustedDevices, ip });
}

/** Right after the password step set a pending session: a trusted browser finishes it. */
export async function completeSignInWithTrustedBrowser(ip: string | null): Promise<boolean> {
  const viewer = await getViewer();
  const { trustedDevices, audit, logger } = await getTwoStep();
  if (viewer.kind !== "pending" || !trustedDevices) return false;
  const result = await twoStepSession.completeSignInWithTrustedDevice(viewer, { trustedDevices, ip });
  if (!result.ok) return false;
  await rememberDevice(viewer.userId);
  // On the security log like any sign-in, with its browser; a log that fails costs the row, never the sign-in.
  const device = describeDevice((await headers()).get("user-agent"));
  await audit
    .record({ userId: viewer.userId, type: "sign_in.succeeded", ip, detail: { factor: "trusted_device", device } })
    .catch((err: unknown) => logger.error({ err }, "could not record an audit event"));
  return true;
}

/** After a code passed: the checkbox was ticked, so this browser gets a trust of its own. */
export async function trustBrowserIfAsked(form: FormData, ip: string | null): Promise<void> {
  if (form.get("trustBrowser") !== "on") return;
  const viewer = await getViewer();
  const { trustedDevices, logger } = await getTwoStep();
  if (viewer.kind !== "full" || !trustedDevices) return;
  // The sign-in already succeeded; a store that fails now costs only the convenience.
  await twoStepSession.trustThisBrowser(viewer, { trustedDevices, ip }).catch((err: unknown) => logger.warn({ err }, "could not trust this browser"));
}
