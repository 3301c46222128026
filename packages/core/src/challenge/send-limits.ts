import type { Limiter, LimiterFactory } from "../ports/limiter.js";
import {
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
  sendsPerPhone: Limiter;
  sendsPerIp: Limiter;
  sendsGlobal: Limiter;
  verifiesPerIp: Limiter;
};

export function createChallengeLimits(limiter: LimiterFactory, globalSendsPerHour: number): ChallengeLimits {
  return {
    resendCooldown: limiter({ name: "send:cooldown", points: 1, durationSeconds: RESEND_COOLDOWN_SECONDS }),
    sendsPerUser: limiter({ name: "send:user", points: SENDS_PER_USER_PER_HOUR, durationSeconds: HOUR_SECONDS }),
    sendsPerPhone: limiter({ name: "send:phone", points: SENDS_PER_PHONE_PER_HOUR, durationSeconds: HOUR_SECONDS }),
    sendsPerIp: limiter({ name: "send:ip", points: SENDS_PER_IP_PER_HOUR, durationSeconds: HOUR_SECONDS }),
    sendsGlobal: limiter({ name: "send:global", points: globalSendsPerHour, durationSeconds: HOUR_SECONDS }),
    verifiesPerIp: limiter({
      name: "verify:ip",
      points: VERIFIES_PER_IP_PER_15_MINUTES,
      durationSeconds: VERIFY_IP_WINDOW_SECONDS,
    }),
  };
}
