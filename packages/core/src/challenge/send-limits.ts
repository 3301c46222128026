import type { Limiter, LimiterFactory } from "../ports/limiter.js";
import {
  DAY_SECONDS,
  ENROLLMENT_NUMBERS_PER_USER_PER_DAY,
  ENROLLMENT_SENDS_PER_PHONE_PER_HOUR,
  HOUR_SECONDS,
  RESEND_COOLDOWN_SECONDS,
  SENDS_PER_IP_PER_HOUR,
  SENDS_PER_PHONE_PER_HOUR,
  SENDS_PER_USER_PER_HOUR,
  VERIFIES_PER_IP_PER_15_MINUTES,
  VERIFY_IP_WINDOW_SECONDS,
} from "../policy.js";

/** The windows that guard sending and checking codes, declared next to what they guard. */
export type ChallengeLimits = {
  resendCooldown: Limiter;
  sendsPerUser: Limiter;
  /** Codes to a verified number of record (sign-in, turning 2FA off, re-proving it). */
  sendsPerPhone: Limiter;
  /** Enrollment codes to one unproven number, across every account. */
  enrollmentSendsPerPhone: Limiter;
  /** Distinct unproven numbers one account sent enrollment codes to today... */
  enrollmentNumbersPerUser: Limiter;
  /** ...each remembered a day per (account, number), so retrying one number counts once. */
  enrollmentNumberSeen: Limiter;
  sendsPerIp: Limiter;
  sendsGlobal: Limiter;
  verifiesPerIp: Limiter;
};

export function createChallengeLimits(limiter: LimiterFactory, globalSendsPerHour: number): ChallengeLimits {
  return {
    resendCooldown: limiter({ name: "send:cooldown", points: 1, durationSeconds: RESEND_COOLDOWN_SECONDS }),
    sendsPerUser: limiter({ name: "send:user", points: SENDS_PER_USER_PER_HOUR, durationSeconds: HOUR_SECONDS }),
    sendsPerPhone: limiter({ name: "send:phone", points: SENDS_PER_PHONE_PER_HOUR, durationSeconds: HOUR_SECONDS }),
    enrollmentSendsPerPhone: limiter({ name: "send:enroll-phone", points: ENROLLMENT_SENDS_PER_PHONE_PER_HOUR, durationSeconds: HOUR_SECONDS }),
    enrollmentNumbersPerUser: limiter({ name: "send:enroll-numbers", points: ENROLLMENT_NUMBERS_PER_USER_PER_DAY, durationSeconds: DAY_SECONDS }),
    enrollmentNumberSeen: limiter({ name: "send:enroll-number-seen", points: 1, durationSeconds: DAY_SECONDS }),
    sendsPerIp: limiter({ name: "send:ip", points: SENDS_PER_IP_PER_HOUR, durationSeconds: HOUR_SECONDS }),
    sendsGlobal: limiter({ name: "send:global", points: globalSendsPerHour, durationSeconds: HOUR_SECONDS }),
    verifiesPerIp: limiter({
      name: "verify:ip",
      points: VERIFIES_PER_IP_PER_15_MINUTES,
      durationSeconds: VERIFY_IP_WINDOW_SECONDS,
    }),
  };
}
