import { takeLimit, type Rejection } from "../../limits/guard.js";
import type { LimiterFactory } from "../../ports/limiter.js";
import {
  DAY_SECONDS,
  SIGN_INS_PER_EMAIL_AND_IP_PER_15_MINUTES,
  SIGN_INS_PER_EMAIL_AND_IP_PER_DAY,
  SIGN_INS_PER_EMAIL_FROM_KNOWN_DEVICES_PER_15_MINUTES,
  SIGN_INS_PER_EMAIL_PER_DAY,
  SIGN_INS_PER_IP_PER_15_MINUTES,
  SIGN_IN_WINDOW_SECONDS,
} from "../../policy.js";

/** Who is trying a password: the email typed (null when it is no email), the client, and whether its browser signed in to that account before. */
export type SignInAttempt = { email: string | null; ip: string | null | undefined; knownDevice: boolean };

/**
 * The windows in front of the password check (docs/decisions/008-sign-in-limits-a-stranger-cannot-spend.md).
 * None of them can be spent by a stranger for the owner: the hard block is per (email, IP), per
 * 15 minutes and per day; the email-wide ceiling is ten times what one address can spend in a
 * day (the 15-minute window alone refills, so one address pacing itself spent the ceiling in a
 * few hours); a browser that signed in before draws on a window of its own. Per IP, as before,
 * for guessing across many accounts.
 */
export function createSignInLimits(limiter: LimiterFactory) {
  const windows = {
    perIp: limiter({ name: "signin:ip", points: SIGN_INS_PER_IP_PER_15_MINUTES, durationSeconds: SIGN_IN_WINDOW_SECONDS }),
    perEmailAndIp: limiter({ name: "signin:email-ip", points: SIGN_INS_PER_EMAIL_AND_IP_PER_15_MINUTES, durationSeconds: SIGN_IN_WINDOW_SECONDS }),
    perEmailAndIpDay: limiter({ name: "signin:email-ip-day", points: SIGN_INS_PER_EMAIL_AND_IP_PER_DAY, durationSeconds: DAY_SECONDS }),
    perEmail: limiter({ name: "signin:email-day", points: SIGN_INS_PER_EMAIL_PER_DAY, durationSeconds: DAY_SECONDS }),
    perEmailKnownDevice: limiter({
      name: "signin:email-known-device",
      points: SIGN_INS_PER_EMAIL_FROM_KNOWN_DEVICES_PER_15_MINUTES,
      durationSeconds: SIGN_IN_WINDOW_SECONDS,
    }),
  };
  // A space can't be in an unquoted email or an IP address; no IP shares one bucket, never none.
  const pairKey = (attempt: SignInAttempt) => `${attempt.email} ${attempt.ip ?? "no-ip"}`;

  return {
    /** Takes one attempt from each window that applies; the first spent one refuses, with its retry time. */
    async take(attempt: SignInAttempt): Promise<Rejection | null> {
      const byIp = await takeLimit(windows.perIp, attempt.ip);
      if (byIp || !attempt.email) return byIp;
      if (attempt.knownDevice) return takeLimit(windows.perEmailKnownDevice, attempt.email);
      // In this order, so an address refused by its own pair windows spends nothing email-wide.
      const pair = pairKey(attempt);
      return (
        (await takeLimit(windows.perEmailAndIp, pair)) ??
        (await takeLimit(windows.perEmailAndIpDay, pair)) ??
        (await takeLimit(windows.perEmail, attempt.email))
      );
    },

    /** The right password: the email's windows start afresh (NIST counts consecutive failures). */
    async succeeded(attempt: SignInAttempt & { email: string }): Promise<void> {
      await Promise.all([
        windows.perEmailAndIp.reset(pairKey(attempt)),
        windows.perEmailAndIpDay.reset(pairKey(attempt)),
        windows.perEmail.reset(attempt.email),
        windows.perEmailKnownDevice.reset(attempt.email),
      ]);
    },
  };
}
