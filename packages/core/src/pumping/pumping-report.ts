import { getCountryCallingCode, type CountryCode } from "libphonenumber-js/max";
import type { SmsPumpingConfig } from "../config/sms-pumping-config.js";
import type { CountryPause, CountryPauses, CountryStats } from "../ports/pumping-store.js";
import type { BudgetUsage, SendBudgets } from "./send-budgets.js";

export type CountryReport = {
  /** Without "+", e.g. "44". */
  callingCode: string;
  /** Allowed regions that share the calling code, e.g. ["CA", "US"] for "1". */
  regions: string[];
  hourlyBudget: BudgetUsage;
  conversion: {
    /** Codes sent and verified since `since` (the window, or the end of the last pause if later). */
    sent: number;
    verified: number;
    /** Percentage, rounded down; null before anything was sent. */
    percent: number | null;
    since: Date;
    /** Whether there were enough sends to judge (at least the minimum). */
    judged: boolean;
  };
  pause: CountryPause | null;
};

export type PumpingReport = {
  at: Date;
  settings: Omit<SmsPumpingConfig, "countryHourlyBudgets"> & { countryHourlyBudgets: Record<string, number> };
  globalDaily: BudgetUsage;
  /** Every allowed region's calling code, and any other with recent sends or a pause on record. */
  countries: CountryReport[];
  paused: CountryPause[];
};

/** What an operator sees: reads only, one store call per calling code. */
export async function buildPumpingReport(input: {
  stats: CountryStats;
  pauses: CountryPauses;
  budgets: SendBudgets;
  settings: SmsPumpingConfig;
  regions: Iterable<string>;
  nowMs: number;
}): Promise<PumpingReport> {
  const { stats, pauses, budgets, settings, nowMs } = input;
  const regionsByCode = new Map<string, string[]>();
  for (const region of input.regions) {
    const code = callingCodeOf(region);
    if (code) regionsByCode.set(code, [...(regionsByCode.get(code) ?? []), region].sort());
  }
  const [counts, paused, globalDaily] = await Promise.all([stats.readAll(nowMs), pauses.listActive(nowMs), budgets.globalDaily()]);
  const countsByCode = new Map(counts.map((c) => [c.callingCode, c]));
  const codes = new Set([...regionsByCode.keys(), ...countsByCode.keys(), ...settings.countryHourlyBudgets.keys()]);
  const windowStartMs = nowMs - settings.windowMinutes * 60_000;

  const countries = await Promise.all(
    [...codes].sort((a, b) => Number(a) - Number(b)).map(async (callingCode): Promise<CountryReport> => {
      const c = countsByCode.get(callingCode);
      const sent = c?.sent ?? 0;
      const verified = c?.verified ?? 0;
      return {
        callingCode,
        regions: regionsByCode.get(callingCode) ?? [],
        hourlyBudget: await budgets.country(callingCode),
        conversion: {
          sent,
          verified,
          percent: sent > 0 ? Math.floor((verified * 100) / sent) : null,
          since: new Date(c?.sinceMs ?? windowStartMs),
          judged: sent >= settings.minSends,
        },
        pause: paused.find((p) => p.callingCode === callingCode) ?? null,
      };
    }),
  );

  return {
    at: new Date(nowMs),
    settings: { ...settings, countryHourlyBudgets: Object.fromEntries(settings.countryHourlyBudgets) },
    globalDaily,
    countries,
    paused,
  };
}

function callingCodeOf(region: string): string | null {
  try {
    return getCountryCallingCode(region as CountryCode);
  } catch {
    return null;
  }
}
