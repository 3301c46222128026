import type { Limiter, LimiterFactory } from "../ports/limiter.js";
import { DAY_SECONDS, HOUR_SECONDS } from "../policy.js";
import type { SmsPumpingConfig } from "../config/sms-pumping-config.js";
import type { SendClass } from "./send-class.js";

type BudgetName = "country_hourly" | "global_daily" | "enrollment_country_hourly" | "enrollment_global_daily";
export type BudgetDecision = { allowed: true } | { allowed: false; budget: BudgetName; retryAfterSeconds: number };

export type BudgetUsage = { budget: number; used: number; left: number; resetsInSeconds: number };

const GLOBAL_KEY = "all";

/**
 * Spend caps in the state store's limiters, so every app instance draws on the same budget (in
 * Redis when it is configured): SMS per country calling code per hour, and SMS per day overall.
 * Enrollment codes also draw on a share of each (`enrollmentBudgetPercent`), so codes to
 * unproven numbers can never spend what codes to verified numbers need.
 */
export function createSendBudgets(limiter: LimiterFactory, settings: SmsPumpingConfig) {
  const countryLimiters = new Map<string, Limiter>();
  // One limiter per distinct budget; a calling code always maps to the same one, so its window
  // (key "sms:country-hour:<code>") is read and written with one cap.
  const forCountry = (callingCode: string): Limiter => {
    const points = settings.countryHourlyBudgets.get(callingCode) ?? settings.countryHourlyBudget;
    let found = countryLimiters.get(String(points));
    if (!found) {
      found = limiter({ name: "sms:country-hour", points, durationSeconds: HOUR_SECONDS });
      countryLimiters.set(String(points), found);
    }
    return found;
  };
  const globalDaily = limiter({ name: "sms:global-day", points: settings.globalDailyBudget, durationSeconds: DAY_SECONDS });
  const share = (points: number) => Math.max(1, Math.floor((points * settings.enrollmentBudgetPercent) / 100));
  const enrollmentCountryLimiters = new Map<number, Limiter>();
  const forEnrollmentCountry = (callingCode: string): Limiter => {
    const points = share(forCountry(callingCode).spec.points);
    let found = enrollmentCountryLimiters.get(points);
    if (!found) {
      found = limiter({ name: "sms:enroll-country-hour", points, durationSeconds: HOUR_SECONDS });
      enrollmentCountryLimiters.set(points, found);
    }
    return found;
  };
  const enrollmentGlobalDaily = limiter({ name: "sms:enroll-global-day", points: share(settings.globalDailyBudget), durationSeconds: DAY_SECONDS });

  /** The windows one send draws on, each with the key it is counted under. */
  const windowsFor = (callingCode: string, kind: SendClass["kind"]): [BudgetName, Limiter, string][] => [
    ["country_hourly", forCountry(callingCode), callingCode],
    ["global_daily", globalDaily, GLOBAL_KEY],
    ...(kind === "enrollment"
      ? ([
          ["enrollment_country_hourly", forEnrollmentCountry(callingCode), callingCode],
          ["enrollment_global_daily", enrollmentGlobalDaily, GLOBAL_KEY],
        ] as [BudgetName, Limiter, string][])
      : []),
  ];

  const usage = async (window: Limiter, key: string): Promise<BudgetUsage> => {
    if (!window.usage) throw new Error(`limiter ${window.spec.name} can't report its usage`);
    const { used, resetsInSeconds } = await window.usage(key);
    return { budget: window.spec.points, used, left: window.spec.points - used, resetsInSeconds };
  };

  return {
    /**
     * Takes one SMS from every budget the send draws on, in parallel (one store round trip of
     * latency). When one refuses, the points the others took are given back, and the refusing
     * window keeps none (a refused consume leaves nothing, see wrapLimiter), so a refused send
     * costs none.
     */
    async take(callingCode: string, kind: SendClass["kind"] = "number_of_record"): Promise<BudgetDecision> {
      const windows = windowsFor(callingCode, kind);
      const decisions = await Promise.all(windows.map(([, window, key]) => window.consume(key)));
      const refusedAt = decisions.findIndex((d) => !d.allowed);
      if (refusedAt < 0) return { allowed: true };
      await Promise.all(windows.map(([, window, key], i) => (decisions[i]!.allowed ? window.refund(key) : null)));
      const refused = decisions[refusedAt]!;
      return { allowed: false, budget: windows[refusedAt]![0], retryAfterSeconds: refused.allowed ? 1 : refused.retryAfterSeconds };
    },

    /** Gives back what take() took, for a send that then did not happen. */
    async giveBack(callingCode: string, kind: SendClass["kind"] = "number_of_record"): Promise<void> {
      await Promise.all(windowsFor(callingCode, kind).map(([, window, key]) => window.refund(key)));
    },

    country: (callingCode: string) => usage(forCountry(callingCode), callingCode),
    globalDaily: () => usage(globalDaily, GLOBAL_KEY),
  };
}

export type SendBudgets = ReturnType<typeof createSendBudgets>;
