import { z } from "zod";
import {
  PUMPING_MIN_CONVERSION_PERCENT_DEFAULT,
  PUMPING_MIN_SENDS_DEFAULT,
  PUMPING_PAUSE_MINUTES_DEFAULT,
  PUMPING_PAUSE_MINUTES_MAX,
  PUMPING_WINDOW_MINUTES_DEFAULT,
  PUMPING_WINDOW_MINUTES_MAX,
  SMS_COUNTRY_HOURLY_BUDGET_DEFAULT,
  SMS_ENROLLMENT_BUDGET_PERCENT_DEFAULT,
  SMS_GLOBAL_DAILY_BUDGET_DEFAULT,
} from "../policy.js";
import { knownCallingCode } from "../pumping/calling-codes.js";

/** The SMS-pumping guard's settings (defaults and reasons in policy.ts). */
export type SmsPumpingConfig = {
  /** SMS per country calling code per hour, for codes without an override. */
  countryHourlyBudget: number;
  /** Per calling code ("44" → 200) overrides of countryHourlyBudget. */
  countryHourlyBudgets: ReadonlyMap<string, number>;
  /** SMS to all countries together per day. */
  globalDailyBudget: number;
  /** The share (percent) of each budget above that codes to unproven numbers (enrollment) may spend. */
  enrollmentBudgetPercent: number;
  /** Conversion (verified / sent) is judged over this many minutes. */
  windowMinutes: number;
  /** No judgement below this many sends in the window. */
  minSends: number;
  /** A country whose conversion falls below this percentage is paused. */
  minConversionPercent: number;
  /** How long a pause lasts unless an operator lifts it. */
  pauseMinutes: number;
};

// Same rule as env.ts: `NAME=` in a .env file means unset.
const blankAsAbsent = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const count = (max?: number) => {
  const base = z.coerce.number().int().min(1);
  return blankAsAbsent(max === undefined ? base : base.max(max));
};

/** "1:500, 44:200" → [["1", 500], ["44", 200]]. */
const callingCodeBudgets = z
  .string()
  .transform((s) => s.split(",").map((item) => item.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.string().regex(/^\+?[1-9]\d{0,2}:[1-9]\d*$/, 'must be "callingCode:budget" pairs, e.g. 1:500,44:200'))
      .min(1),
  )
  .transform((items) =>
    items.map((item) => {
      const [code = "", budget = ""] = item.replace(/^\+/, "").split(":");
      return [code, Number(budget)] as const;
    }),
  );

/** Fields spread into env.ts's schema. */
export const smsPumpingEnv = {
  SMS_COUNTRY_HOURLY_BUDGET: count(),
  SMS_COUNTRY_HOURLY_BUDGETS: blankAsAbsent(callingCodeBudgets),
  SMS_GLOBAL_DAILY_BUDGET: count(),
  SMS_ENROLLMENT_BUDGET_PERCENT: count(100),
  SMS_PUMPING_WINDOW_MINUTES: count(PUMPING_WINDOW_MINUTES_MAX),
  SMS_PUMPING_MIN_SENDS: count(),
  SMS_PUMPING_MIN_CONVERSION_PERCENT: blankAsAbsent(z.coerce.number().min(0).max(100)),
  SMS_PUMPING_PAUSE_MINUTES: count(PUMPING_PAUSE_MINUTES_MAX),
};

type SmsPumpingEnv = z.infer<z.ZodObject<typeof smsPumpingEnv>>;

/** Applies defaults and the checks zod can't express; problems are reported like every other setting's. */
export function readSmsPumpingConfig(env: SmsPumpingEnv, problems: string[]): SmsPumpingConfig {
  const overrides = new Map<string, number>();
  for (const [code, budget] of env.SMS_COUNTRY_HOURLY_BUDGETS ?? []) {
    if (!knownCallingCode(code)) {
      problems.push(`SMS_COUNTRY_HOURLY_BUDGETS: ${code} is not a country calling code`);
    } else if (overrides.has(code)) {
      problems.push(`SMS_COUNTRY_HOURLY_BUDGETS: calling code ${code} is listed twice`);
    }
    overrides.set(code, budget);
  }
  return {
    countryHourlyBudget: env.SMS_COUNTRY_HOURLY_BUDGET ?? SMS_COUNTRY_HOURLY_BUDGET_DEFAULT,
    countryHourlyBudgets: overrides,
    globalDailyBudget: env.SMS_GLOBAL_DAILY_BUDGET ?? SMS_GLOBAL_DAILY_BUDGET_DEFAULT,
    enrollmentBudgetPercent: env.SMS_ENROLLMENT_BUDGET_PERCENT ?? SMS_ENROLLMENT_BUDGET_PERCENT_DEFAULT,
    windowMinutes: env.SMS_PUMPING_WINDOW_MINUTES ?? PUMPING_WINDOW_MINUTES_DEFAULT,
    minSends: env.SMS_PUMPING_MIN_SENDS ?? PUMPING_MIN_SENDS_DEFAULT,
    minConversionPercent: env.SMS_PUMPING_MIN_CONVERSION_PERCENT ?? PUMPING_MIN_CONVERSION_PERCENT_DEFAULT,
    pauseMinutes: env.SMS_PUMPING_PAUSE_MINUTES ?? PUMPING_PAUSE_MINUTES_DEFAULT,
  };
}

/** The guard's settings when a host sets none. */
export function defaultSmsPumpingConfig(): SmsPumpingConfig {
  return readSmsPumpingConfig({}, []);
}
