import { headers } from "next/headers";
import { describeDevice } from "@twostep/core";
import { clientIp } from "./client-ip";
import { getTwoStep } from "./twostep";

/**
 * A full sign-in from a browser whose known-device cookie did not hold the account: the core
 * records sign_in.new_device (where from, which browser), and its notice mails the owner. An
 * account's very first sign-in is on a new browser by definition, so only later ones are news.
 * Best effort: a failure here is logged and never fails the sign-in it follows.
 */
export async function recordNewDeviceSignIn(userId: string): Promise<void> {
  const twostep = await getTwoStep();
  try {
    // The sign-in that just completed is one; a second means the account signed in before.
    const signIns = await twostep.audit.pageForUser(userId, { limit: 2, types: ["sign_in.succeeded"] });
    if (signIns.events.length < 2) return;
    const request = await headers();
    await twostep.audit.record({ userId, type: "sign_in.new_device", ip: clientIp(request), detail: { device: describeDevice(request.get("user-agent")) } });
  } catch (error) {
    twostep.logger.error({ err: error }, "the sign-in from a new browser could not be recorded");
  }
}
