import type { Limiter, LimiterFactory } from "../ports/limiter.js";
import { DAY_SECONDS, HOUR_SECONDS } from "../policy.js";
import type { SmsPumpingConfig } from "../config/sms-pumping-config.js";

export type BudgetDecision = { allowed: true } | { allowed: false; budget: "country_hourly" | "global_daily"; retryAfterSeconds: number };

export type BudgetUsage = { budget: number; used: number; left: number; resetsInSeconds: number };

const GLOBAL_KEY = "all";

/**
 * Spend caps in the state store's limiters, so every app instance draws on the same budget (in
 * Redis when it is configured): SMS per country calling code per hour, and SMS per day overall.
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

  const usage = async (window: Limiter, key: string): Promise<BudgetUsage> => {
    if (!window.usage) throw new Error(`limiter ${window.spec.name} can't report its usage`);
    const { used, resetsInSeconds } = await window.usage(key);
    return { budget: window.spec.points, used, left: window.spec.points - used, resetsInSeconds };
  };

  return {
    /**
     * Takes one SMS from both budgets, in parallel (one store round trip of latency). When one
     * refuses, the point the other took is given back, so a refused send costs neither.
     */
    async take(callingCode: string): Promise<BudgetDecision> {
      const country = forCountry(callingCode);
      const [byCountry, overall] = await Promise.all([country.consume(callingCode), globalDaily.consume(GLOBAL_KEY)]);
      const refused: BudgetDecision | null = !byCountry.allowed
        ? { allowed: false, budget: "country_hourly", retryAfterSeconds: byCountry.retryAfterSeconds }
        : !overall.allowed
          ? { allowed: false, budget: "global_daily", retryAfterSeconds: overall.retryAfterSeconds }
          : null;
      if (!refused) return { allowed: true };
      if (byCountry.allowed) await country.refund(callingCode);
      if (overall.allowed) await globalDaily.refund(GLOBAL_KEY);
      return refused;
    },

    /** Gives back what take() took, for a send that then did not happen. */
    async giveBack(callingCode: string): Promise<void> {
      await Promise.all([forCountry(callingCode).refund(callingCode), globalDaily.refund(GLOBAL_KEY)]);
    },

    country: (callingCode: string) => usage(forCountry(callingCode), callingCode),
    globalDaily: () => usage(globalDaily, GLOBAL_KEY),
  };
}

export type SendBudgets = ReturnType<typeof createSendBudgets>;
