import type { AuditLog } from "../ports/audit-log.js";
import type { SendGuard } from "../challenge/challenge-service.js";
import type { SmsPumpingConfig } from "../config/sms-pumping-config.js";
import type { LimiterFactory } from "../ports/limiter.js";
import type { Logger } from "../log/logger.js";
import { normalizePhone, type NormalizedPhone } from "../phone/normalize-phone.js";
import type { CountryPause, PumpingStore, WindowCounts } from "../ports/pumping-store.js";
import { buildPumpingReport, type PumpingReport } from "./pumping-report.js";
import { createSendBudgets } from "./send-budgets.js";
import { countsForConversion, verifiedBefore, type SendClass } from "./send-class.js";

export type PumpingGuardDeps = {
  /** Pauses and conversion counters live here, shared by every app instance. */
  store: PumpingStore;
  /** The state store's limiters hold the budgets (Redis when configured). */
  limiter: LimiterFactory;
  audit: AuditLog;
  logger: Logger;
  settings: SmsPumpingConfig;
  /** Numbers whose SMS never reach a provider (test numbers): never counted, never refused. */
  exempt?: (e164: string) => boolean;
  /** Epoch milliseconds; tests move it past a pause. */
  now?: () => number;
};

export type PumpingGuard = Required<Omit<SendGuard, "conversionCount">> & Pick<SendGuard, "conversionCount"> & {
  /** Pauses in force, soonest to end first. */
  pausedCountries(): Promise<CountryPause[]>;
  /** Lifts the pause on a calling code (an operator's call); `by` names who, for the audit log. */
  resume(callingCode: string, by: string): Promise<{ resumed: true; pause: CountryPause } | { resumed: false }>;
  /** Budgets, conversion and pauses per calling code, for operators (`npm run twostep -- status`). */
  report(options?: { regions?: Iterable<string> }): Promise<PumpingReport>;
};

/**
 * The SMS-pumping guard, plugged into the challenge service as its SendGuard. Before a send: is
 * the country paused (one indexed read; a code to a number verified before the pause began still
 * goes), then one SMS from the country's hourly and the global daily budget, and for enrollment
 * codes from their share of each (limiter calls in parallel). After a code to a number of record:
 * one upsert that also returns the country's conversion; below the threshold, the country is
 * paused. After such a code is verified: one upsert. Enrollment codes never move the conversion:
 * throwaway accounts make them for free (docs/decisions/006-sms-pumping-guard.md).
 */
export function createPumpingGuard(deps: PumpingGuardDeps): PumpingGuard {
  const { audit, logger, settings } = deps;
  const now = deps.now ?? Date.now;
  const exempt = (e164: string) => deps.exempt?.(e164) ?? false;
  const budgets = createSendBudgets(deps.limiter, settings);
  const stats = deps.store.stats(settings);
  const pauses = deps.store.pauses;

  const tooFewVerified = (counts: WindowCounts) =>
    counts.sent >= settings.minSends && counts.verified * 100 < settings.minConversionPercent * counts.sent;

  async function pause(counts: WindowCounts, nowMs: number): Promise<void> {
    // Rounded down, so a ratio just under the threshold never reads as the threshold itself.
    const conversionPercent = Math.floor((counts.verified * 100) / counts.sent);
    const pausedUntil = new Date(nowMs + settings.pauseMinutes * 60_000);
    const reason =
      `conversion ${conversionPercent}% (${counts.verified} of ${counts.sent} codes verified in the last ` +
      `${settings.windowMinutes} min) is below ${settings.minConversionPercent}%: possible SMS pumping`;
    const { callingCode, sent, verified } = counts;
    const started = await pauses.begin({ callingCode, pausedUntil, reason, sent, verified, createdAt: new Date(nowMs) }, nowMs);
    if (!started) return; // another instance paused it first, and said so
    const detail = { callingCode, sent, verified, conversionPercent, minConversionPercent: settings.minConversionPercent, windowMinutes: settings.windowMinutes, pausedUntil: pausedUntil.toISOString() };
    logger.error(detail, `SMS to +${callingCode} paused for ${settings.pauseMinutes} min: ${reason}`);
    await audit.record({ userId: null, type: "sms.country_paused", detail: { ...detail, reason } });
  }

  return {
    async beforeSend(phone: NormalizedPhone, send?: SendClass) {
      if (exempt(phone.e164)) return { ok: true };
      const nowMs = now();
      const paused = await pauses.active(phone.callingCode, nowMs);
      // Those users proved their phones before anything looked wrong: the pause is not about them.
      if (paused && !verifiedBefore(send, paused.createdAt)) {
        const retryAfterSeconds = Math.max(1, Math.ceil((paused.pausedUntil.getTime() - nowMs) / 1000));
        return { ok: false, code: "COUNTRY_PAUSED", retryAfterSeconds };
      }
      const taken = await budgets.take(phone.callingCode, send?.kind);
      if (taken.allowed) return { ok: true };
      logger.warn({ callingCode: phone.callingCode, budget: taken.budget }, "SMS budget spent; send refused");
      return { ok: false, code: "RATE_LIMITED", retryAfterSeconds: taken.retryAfterSeconds };
    },

    async sendAborted(phone: NormalizedPhone, send?: SendClass) {
      if (!exempt(phone.e164)) await budgets.giveBack(phone.callingCode, send?.kind);
    },

    async afterSend(phone: NormalizedPhone, send?: SendClass) {
      if (exempt(phone.e164) || !countsForConversion(send?.purpose)) return;
      const nowMs = now();
      const counts = await stats.recordSend(phone.callingCode, nowMs);
      if (tooFewVerified(counts)) await pause(counts, nowMs);
    },

    async afterVerified(phoneE164: string, purpose?: SendClass["purpose"]) {
      if (exempt(phoneE164) || !countsForConversion(purpose)) return;
      const parsed = normalizePhone(phoneE164);
      if (parsed.ok) await stats.recordVerification(parsed.phone.callingCode, now());
    },

    // Counted by the store's one-step check instead of afterVerified, when it writes these counters.
    conversionCount: deps.store.countrySink
      ? {
          sink: deps.store.countrySink,
          callingCodeOf: (phone, send) => (exempt(phone.e164) || !countsForConversion(send?.purpose) ? null : phone.callingCode),
        }
      : undefined,

    pausedCountries: () => pauses.listActive(now()),

    async resume(callingCode, by) {
      const nowMs = now();
      const lifted = await pauses.lift(callingCode, nowMs);
      if (!lifted) return { resumed: false };
      const detail = { callingCode, by, reason: lifted.reason, wasPausedUntil: lifted.pausedUntil.toISOString() };
      logger.warn(detail, `SMS to +${callingCode} resumed by ${by}`);
      await audit.record({ userId: null, type: "sms.country_resumed", detail });
      return { resumed: true, pause: lifted };
    },

    report: (options = {}) =>
      buildPumpingReport({ stats, pauses, budgets, settings, regions: options.regions ?? [], nowMs: now() }),
  };
}
