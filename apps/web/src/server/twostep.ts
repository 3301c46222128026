import { createStoreCounters, createTwoStepFromConfig, type StoreCounters, type TwoStep } from "@twostep/core/env";
import { getConfig } from "./config";

/** Where this app receives Plivo's delivery reports (src/app/api/sms/status/route.ts). */
const SMS_STATUS_CALLBACK_PATH = "/api/sms/status";
/** Where a user reviews sessions, devices and factors; linked in every security notice. */
const SECURITY_PAGE_PATH = "/settings/security";

/**
 * The one core instance of this server process, made on first use. Kept on globalThis so dev
 * hot reloads don't open a second PGlite on the same folder (PGlite allows one per process).
 */
const holder = globalThis as typeof globalThis & { __twostep?: Promise<TwoStep> };

export function getTwoStep(): Promise<TwoStep> {
  if (!holder.__twostep) {
    const config = getConfig();
    holder.__twostep = createTwoStepFromConfig(config, {
      statusCallbackUrl: new URL(SMS_STATUS_CALLBACK_PATH, config.origin).toString(),
      securityPageUrl: new URL(SECURITY_PAGE_PATH, config.origin).toString(),
      counters: storeCounters() ?? undefined,
    }).catch((error: unknown) => {
      // Let the next request try again (a store may have been briefly down at start).
      holder.__twostep = undefined;
      throw error;
    });
  }
  return holder.__twostep;
}

const counted = globalThis as typeof globalThis & { __twostepCounters?: StoreCounters };

/** The store round-trip counters when TWOSTEP_BENCH_COUNTERS=1 (src/app/api/bench/counters), else null. */
export function storeCounters(): StoreCounters | null {
  if (!getConfig().benchCounters) return null;
  counted.__twostepCounters ??= createStoreCounters();
  return counted.__twostepCounters;
}
