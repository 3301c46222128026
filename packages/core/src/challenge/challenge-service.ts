import { randomUUID } from "node:crypto";
import type { AuditLog } from "../ports/audit-log.js";
import type { CodeHasher } from "../code/hash-code.js";
import { generateCode } from "../code/generate-code.js";
import { parseCode } from "../code/parse-code.js";
import type { Logger } from "../log/logger.js";
import { maskPhone, phoneLastDigits } from "../phone/mask-phone.js";
import { normalizePhone, smsRefusal, type NormalizedPhone } from "../phone/normalize-phone.js";
import {
  ACCOUNT_FAILURE_MEMORY_SECONDS,
  ACCOUNT_LOCK_BASE_SECONDS,
  ACCOUNT_LOCK_MAX_SECONDS,
  ACCOUNT_LOCK_THRESHOLD_FAILURES,
  MAX_ATTEMPTS_PER_CODE,
} from "../policy.js";
import type { Failure } from "../result-codes.js";
import { composeCodeMessage } from "../sms/message-text.js";
import type { SmsLog } from "../ports/sms-log.js";
import type { SmsSender } from "../ports/sms-sender.js";
import { StoreUnavailableError, withinStoreDeadline, type CheckEvent, type LockoutPolicy, type VerifyOutcome } from "../ports/challenge-store.js";
import { isDeliveryProblem } from "../sms/delivery-status.js";
import type { RightCodeRecorder } from "../ports/right-code-recorder.js";
import type { StateStore } from "../ports/state-store.js";
import type { SendClass } from "../pumping/send-class.js";
import type { Purpose } from "./purposes.js";
import { isRetained } from "./challenge-retention.js";
import { createChallengeLimits } from "./send-limits.js";

export type ChallengeSettings = {
  codeTtlMinutes: number;
  /** ISO 3166-1 alpha-2 regions SMS may go to. */
  allowedCountries: ReadonlySet<string>;
  globalSendsPerHour: number;
  appName: string;
  /** Host of the public origin, for the origin-bound code line. */
  originHost: string;
};

/**
 * Optional veto before a send (the SMS-pumping guard plugs in here) and news of verifications.
 * `send` says whether the code goes to a verified number of record or to an unproven one.
 */
export interface SendGuard {
  beforeSend(phone: NormalizedPhone, send?: SendClass): Promise<{ ok: true } | Failure<"COUNTRY_PAUSED" | "RATE_LIMITED", { retryAfterSeconds?: number }>>;
  afterSend(phone: NormalizedPhone, send?: SendClass): Promise<void>;
  afterVerified(phoneE164: string, purpose?: Purpose): Promise<void>;
  /**
   * The send beforeSend allowed did not happen (the provider surely did not take it): give back what
   * beforeSend took. beforeSend runs only after the per-user, phone and IP caps allowed the send,
   * so requests those refuse never reach the budgets.
   */
  sendAborted?(phone: NormalizedPhone, send?: SendClass): Promise<void>;
  /**
   * Where afterVerified counts (`sink`, an identity like AuditLog.sink) and the calling code a
   * right guess at a code to `phone` counts toward (null: none). A store's one-step check with the
   * same `countrySink` counts it in the check's own statement, and afterVerified is not called.
   */
  conversionCount?: { sink: object; callingCodeOf(phone: NormalizedPhone, send?: SendClass): string | null };
}

export type ChallengeServiceDeps = {
  store: StateStore;
  sender: SmsSender;
  smsLog: SmsLog;
  audit: AuditLog;
  hashCode: CodeHasher;
  logger: Logger;
  settings: ChallengeSettings;
  sendGuard?: SendGuard;
  /**
   * Writes what a right code leaves to write (events the check can't judge or doesn't write, their
   * notices, the pumping guard's count) in one atomic step, for a store whose check runs elsewhere.
   */
  rightCodes?: RightCodeRecorder;
  /** Epoch milliseconds; tests move it to cross expiry without waiting. */
  now?: () => number;
};

/** What a page may show about the live code. */
export type ChallengeStatus = {
  purpose: Purpose;
  /** Last four digits of the number the code went to. */
  phoneLastDigits: string;
  expiresAt: Date;
  attemptsLeft: number;
  /** Seconds until a new code may be requested; 0 when it may be now. */
  resendAvailableInSeconds: number;
  /** Latest delivery status reported by the provider, when known. */
  delivery: { status: string; errorCode: string | null } | null;
};

export type SendFailure =
  | Failure<"INVALID_PHONE" | "PHONE_IS_LANDLINE" | "PHONE_IS_SERVICE_NUMBER" | "SEND_FAILED" | "PHONE_BLOCKED_BY_PROVIDER" | "UNAVAILABLE" | "NOT_FOUND">
  /** `allowedCountries`: where we do send, so the answer can name them. */
  | Failure<"COUNTRY_NOT_ALLOWED", { allowedCountries: string[] }>
  | Failure<"COUNTRY_PAUSED" | "RATE_LIMITED", { retryAfterSeconds: number }>;
export type SendResult = { ok: true; status: ChallengeStatus } | SendFailure;

export type VerifyFailure =
  | Failure<"MALFORMED_CODE" | "CODE_EXPIRED" | "TOO_MANY_ATTEMPTS" | "NOT_FOUND" | "UNAVAILABLE">
  /**
   * `undelivered`: true when the provider reported the code's SMS won't arrive (the person is
   * guessing at a code they never got). Only a one-step check reads it (`checksReportDelivery`);
   * otherwise it is never set and `status()` tells.
   */
  | Failure<"INVALID_CODE", { attemptsLeft: number; undelivered?: boolean }>
  /** The code a resend replaced: no attempt of the latest code spent (`attemptsLeft` as before). */
  | Failure<"EARLIER_CODE", { attemptsLeft: number }>
  | Failure<"LOCKED" | "RATE_LIMITED", { retryAfterSeconds: number }>;
export type VerifyResult = { ok: true; challengeId: string; phoneE164: string } | VerifyFailure;

type Actor = { userId: string; purpose: Purpose; ip?: string | null };

/**
 * The user's number that proved itself before, when the caller knows it. A code to that number
 * draws on the number-of-record budgets; an enrollment code to any other number on the stricter
 * enrollment ones, so strangers typing in someone's number can't spend what that person's own
 * sign-in codes need.
 */
export type VerifiedNumber = { e164: string; verifiedAt: Date | null };
type SendRequest = Actor & { verifiedNumber?: VerifiedNumber | null };

const LOCKOUT: LockoutPolicy = {
  thresholdFailures: ACCOUNT_LOCK_THRESHOLD_FAILURES,
  baseLockMs: ACCOUNT_LOCK_BASE_SECONDS * 1000,
  maxLockMs: ACCOUNT_LOCK_MAX_SECONDS * 1000,
  failureMemoryMs: ACCOUNT_FAILURE_MEMORY_SECONDS * 1000,
};

/**
 * The challenge lifecycle: send a code for a user and purpose, resend it to the same number,
 * check what the user typed. Every result is a closed union; store failures become UNAVAILABLE
 * and nothing passes while a store is down.
 */
export function createChallengeService(deps: ChallengeServiceDeps) {
  const { store, sender, smsLog, audit, hashCode, logger, settings, sendGuard } = deps;
  const now = deps.now ?? Date.now;
  const limits = createChallengeLimits(store.limiter, settings.globalSendsPerHour);
  /**
   * Per number as well as per account and purpose: someone who typed a wrong number and enters
   * another isn't made to wait out the first one's cooldown. Going back to a number meets its
   * own cooldown again, and the per-account, per-IP and enrollment-number windows still cap how
   * many numbers an account can reach.
   */
  const cooldownKey = (a: Actor, phoneE164: string) => `${a.userId}:${a.purpose}:${phoneE164}`;
  // The store's one-step check records audit events itself: only into the log the core was given.
  const oneStep = store.challenges.oneStepCheck && audit.sink !== undefined && store.challenges.oneStepCheck.auditSink === audit.sink
    ? store.challenges.oneStepCheck
    : null;
  // …and counts a right code for the pumping guard itself, when it writes the guard's counters.
  const countedInCheck =
    oneStep?.countrySink !== undefined && sendGuard?.conversionCount?.sink === oneStep.countrySink ? sendGuard.conversionCount : null;
  // What the check leaves of a right code goes in one step too, again only into the log the core was given…
  const recorder = deps.rightCodes && audit.sink !== undefined && deps.rightCodes.auditSink === audit.sink ? deps.rightCodes : null;
  // …with the pumping guard's count, when it writes the guard's counters.
  const countedByRecorder =
    recorder?.countrySink !== undefined && sendGuard?.conversionCount?.sink === recorder.countrySink ? sendGuard.conversionCount : null;

  /** Best effort: an audit or SMS-log write must not turn a decided outcome into an error. */
  const note = (work: Promise<unknown>, what: string) =>
    withinStoreDeadline(work).catch((error: unknown) => logger.error({ err: error }, `could not record ${what}`));

  async function failClosed<T>(work: () => Promise<T>, what: string): Promise<T | Failure<"UNAVAILABLE">> {
    try {
      return await work();
    } catch (error) {
      const level = error instanceof StoreUnavailableError ? "warn" : "error";
      logger[level]({ err: error }, `${what} failed; answering UNAVAILABLE`);
      return { ok: false, code: "UNAVAILABLE" };
    }
  }

  /** Sign-in and turning 2FA off go to the number of record; enrollment to a number of record only when the caller says so. */
  function classify(request: SendRequest, phone: NormalizedPhone): SendClass {
    const known = request.verifiedNumber?.e164 === phone.e164 ? request.verifiedNumber : null;
    if (known || request.purpose !== "enroll_phone") return { kind: "number_of_record", verifiedAt: known?.verifiedAt ?? null, purpose: request.purpose };
    return { kind: "enrollment", verifiedAt: null, purpose: request.purpose };
  }

  /**
   * One account may send enrollment codes to only a few distinct numbers a day: a number already
   * tried today costs nothing more; a new one takes a point of the account's daily count.
   */
  async function takeEnrollmentNumber(actor: Actor, phone: NormalizedPhone) {
    const seenKey = `${actor.userId}:${phone.e164}`;
    if ((await limits.enrollmentNumberSeen.retryAfterSeconds(seenKey)) > 0) return { allowed: true } as const;
    const decision = await limits.enrollmentNumbersPerUser.consume(actor.userId);
    if (decision.allowed) await limits.enrollmentNumberSeen.consume(seenKey);
    return decision;
  }

  async function checkSendLimits(actor: Actor, phone: NormalizedPhone, send: SendClass): Promise<SendFailure | null> {
    type Window = { spec: { name: string }; consume(key: string): ReturnType<typeof limits.sendsPerPhone.consume> };
    const enrollmentNumbers: Window = { spec: limits.enrollmentNumbersPerUser.spec, consume: () => takeEnrollmentNumber(actor, phone) };
    const perPhone: [Window, string][] =
      send.kind === "enrollment"
        ? [[enrollmentNumbers, actor.userId], [limits.enrollmentSendsPerPhone, phone.e164]]
        : [[limits.sendsPerPhone, phone.e164]];
    const windows: [Window, string | null | undefined][] = [
      [limits.resendCooldown, cooldownKey(actor, phone.e164)],
      [limits.sendsPerIp, actor.ip],
      [limits.sendsPerUser, actor.userId],
      ...perPhone,
      [limits.sendsGlobal, "all"],
    ];
    for (const [limiter, key] of windows) {
      if (!key) continue;
      const decision = await limiter.consume(key);
      if (!decision.allowed) {
        logger.info({ limit: limiter.spec.name, userId: actor.userId }, "send refused by limit");
        return { ok: false, code: "RATE_LIMITED", retryAfterSeconds: decision.retryAfterSeconds };
      }
    }
    return null;
  }

  async function sendCode(request: SendRequest, phone: NormalizedPhone): Promise<SendResult> {
    const actor: Actor = { userId: request.userId, purpose: request.purpose, ip: request.ip };
    if (!settings.allowedCountries.has(phone.country)) return { ok: false, code: "COUNTRY_NOT_ALLOWED", allowedCountries: [...settings.allowedCountries] };
    const refusal = smsRefusal(phone);
    if (refusal) return { ok: false, code: refusal };
    const send = classify(request, phone);
    // The caller's own windows first (cooldown, IP, account, number), the shared budgets after:
    // a request those refuse never touches the budgets, so one account's flood of refused
    // requests can't spend what every user in a country needs.
    const refused = await checkSendLimits(actor, phone, send);
    if (refused) return refused;
    if (sendGuard) {
      const verdict = await sendGuard.beforeSend(phone, send);
      if (!verdict.ok) {
        // No code went out: as after a failed send, the cooldown is given back (the guard's answer
        // says when to come back); the other windows stay spent, they cap requests.
        await limits.resendCooldown.refund(cooldownKey(actor, phone.e164));
        // Either refusal says when to come back; a guard that gave no time gets a minute.
        return { ok: false, code: verdict.code, retryAfterSeconds: verdict.retryAfterSeconds ?? 60 };
      }
    }

    const code = generateCode();
    const sentAtMs = now();
    const challengeId = randomUUID();
    const messageId = randomUUID();
    const body = composeCodeMessage({
      code,
      appName: settings.appName,
      host: settings.originHost,
      ttlMinutes: settings.codeTtlMinutes,
    });
    // Sent before it is stored: a send the provider refuses must leave the code the user already
    // has (a resend's, or one to the number before) as it was, with its expiry, attempts and
    // delivery status, and a guesser at it gets no more tries than it had. The store write follows
    // the provider's answer by one round trip; an SMS takes seconds to arrive and be typed.
    const sent = await sender.send({ to: phone.e164, body, messageId });
    // A routing sender (test numbers) may hand a message to the outbox even when Plivo is configured.
    const provider = (sent.ok ? sent.provider : undefined) ?? sender.provider;
    await note(
      smsLog.record({
        id: messageId,
        provider,
        providerMessageId: sent.ok ? sent.providerMessageId : null,
        toE164: phone.e164,
        countryCallingCode: phone.callingCode,
        body: sent.ok && provider === "outbox" ? body : null,
        status: sent.ok ? sent.status : sent.reason === "BLOCKED_BY_PROVIDER" ? "rejected" : "failed",
        errorCode: sent.ok ? null : sent.reason,
        challengeId,
        purpose: actor.purpose,
        userId: actor.userId,
      }),
      "the SMS record",
    );

    const logged = { userId: actor.userId, purpose: actor.purpose, phoneMasked: maskPhone(phone.e164) };
    if (!sent.ok) {
      // The code was never stored. When the provider surely took nothing, the user never got it:
      // give back the cooldown so they can retry now, and the budgets. When the outcome is unknown
      // (the request went out, no answer came) the SMS may still arrive and cost: the budgets stay
      // spent, and so does the cooldown, so a retry can't text the user twice at once. The other
      // windows stay spent either way: they cap requests to the provider, not deliveries.
      if (sent.reason !== "UNKNOWN_OUTCOME") {
        await limits.resendCooldown.refund(cooldownKey(actor, phone.e164));
        if (sendGuard?.sendAborted) await note(sendGuard.sendAborted(phone, send), "a failed send in the pumping guard");
      }
      logger.warn({ ...logged, reason: sent.reason }, "code SMS not sent");
      await note(audit.record({ userId: actor.userId, type: "code.send_failed", ip: actor.ip, detail: { purpose: actor.purpose, reason: sent.reason } }), "an audit event");
      // A fraud screen's refusal is about the number, not the moment: retrying it won't help.
      return { ok: false, code: sent.reason === "BLOCKED_BY_PROVIDER" ? "PHONE_BLOCKED_BY_PROVIDER" : "SEND_FAILED" };
    }
    // The code it replaces (a resend, to the same number) stays recognisable: typed in, it says
    // "earlier code".
    await store.challenges.save({
      id: challengeId,
      userId: actor.userId,
      purpose: actor.purpose,
      phoneE164: phone.e164,
      codeHash: hashCode({ userId: actor.userId, purpose: actor.purpose, code }),
      maxAttempts: MAX_ATTEMPTS_PER_CODE,
      expiresAtMs: sentAtMs + settings.codeTtlMinutes * 60_000,
      sentAtMs,
      messageId: null,
    }, { keepEarlierCode: true, conversionCallingCode: countedInCheck?.callingCodeOf(phone, send) ?? null });
    await store.challenges.attachMessage(actor.userId, actor.purpose, challengeId, sent.providerMessageId);
    if (sendGuard) await note(sendGuard.afterSend(phone, send), "the send in the pumping guard");
    logger.info(logged, "code sent");
    await note(audit.record({ userId: actor.userId, type: "code.sent", ip: actor.ip, detail: { purpose: actor.purpose, phone: maskPhone(phone.e164) } }), "an audit event");
    const status = await readStatus(actor);
    if (!status) throw new Error("challenge vanished right after it was saved");
    return { ok: true, status };
  }

  async function readStatus(actor: Actor): Promise<ChallengeStatus | null> {
    const view = await store.challenges.peek(actor.userId, actor.purpose);
    if (!view || view.consumed || !isRetained(view, now())) return null;
    const [cooldown, delivery] = await Promise.all([
      limits.resendCooldown.retryAfterSeconds(cooldownKey(actor, view.phoneE164)),
      view.messageId ? withinStoreDeadline(smsLog.statusOf(view.messageId)).catch(() => null) : Promise.resolve(null),
    ]);
    return toStatus(actor, view, cooldown, delivery);
  }

  /**
   * The events of a right code whose `onlyAfter` holds: the account had such an event before the
   * check (the SQL one-step check judges the same in its statement). `checkedAtMs`: the log may
   * already hold the check's own events (a one-step check that records them but can't judge, whose
   * rows may land later); then two events, or one older than the check, mean an earlier one. Best
   * effort, like the events themselves: when the log can't be read, the conditional ones are left out.
   */
  async function withConditionsMet(userId: string, events: readonly CheckEvent[], checkedAtMs?: number): Promise<readonly CheckEvent[]> {
    const conditions = [...new Set(events.flatMap((e) => (e.onlyAfter ? [e.onlyAfter] : [])))];
    if (conditions.length === 0) return events;
    const met = new Set<string>();
    for (const type of conditions) {
      const page = await withinStoreDeadline(audit.pageForUser(userId, { limit: 2, types: [type] })).catch((error: unknown) => {
        logger.error({ err: error }, "could not read the security log for a conditional event");
        return null;
      });
      const earlier = page?.events ?? [];
      const before = checkedAtMs === undefined ? earlier.length > 0 : earlier.length > 1 || earlier.some((e) => e.createdAt.getTime() < checkedAtMs);
      if (before) met.add(type);
    }
    return events.filter((e) => !e.onlyAfter || met.has(e.onlyAfter));
  }

  /**
   * What a right code still writes after its check: `events` (judged on `onlyAfter`) and, unless
   * the check counted it, the pumping guard's verification. With a recorder, one atomic step;
   * otherwise in turn. `checkLogged`: the check may already have logged its own events.
   */
  async function afterRightCode(input: Actor, phoneE164: string, events: readonly CheckEvent[], nowMs: number, checkLogged: boolean): Promise<void> {
    const guardCounts = sendGuard !== undefined && !countedInCheck;
    if (recorder) {
      const callingCode = guardCounts && countedByRecorder ? conversionCallingCode(countedByRecorder, phoneE164, input.purpose) : null;
      if (events.length > 0 || callingCode !== null) {
        const record = { userId: input.userId, ip: input.ip ?? null, nowMs, checkLogged, events, conversionCallingCode: callingCode };
        await note(recorder.record(record), "a right code's events");
      }
      if (guardCounts && !countedByRecorder) await note(sendGuard.afterVerified(phoneE164, input.purpose), "the verification in the pumping guard");
      return;
    }
    for (const { type, detail } of await withConditionsMet(input.userId, events, checkLogged ? nowMs : undefined)) {
      await note(audit.record({ userId: input.userId, ip: input.ip, type, detail }), "an audit event");
    }
    if (guardCounts) await note(sendGuard.afterVerified(phoneE164, input.purpose), "the verification in the pumping guard");
  }

  /**
   * An expired code whose challenge is past its retention answers as for no challenge, as on Redis,
   * which has dropped it by then; the SQL row outlives it. Only an expired answer costs the read.
   */
  async function pastRetentionIsNone<T extends { outcome: string }>(input: Actor, outcome: T, nowMs: number): Promise<T | { outcome: "not_found" }> {
    if (outcome.outcome !== "expired") return outcome;
    const view = await store.challenges.peek(input.userId, input.purpose);
    return view && isRetained(view, nowMs) ? outcome : { outcome: "not_found" };
  }

  /** The result for a decided check, whose audit events (and a right code's aftermath) are already recorded. */
  function answer(input: Actor, outcome: VerifyOutcome): VerifyResult {
    switch (outcome.outcome) {
      case "ok":
        return { ok: true, challengeId: outcome.challengeId, phoneE164: outcome.phoneE164 };
      case "invalid":
        return { ok: false, code: "INVALID_CODE", attemptsLeft: outcome.attemptsLeft };
      case "earlier_code":
        return { ok: false, code: "EARLIER_CODE", attemptsLeft: outcome.attemptsLeft };
      case "too_many_attempts":
        return { ok: false, code: "TOO_MANY_ATTEMPTS" };
      case "locked": {
        const retryAfterSeconds = lockSeconds(outcome.retryAfterMs);
        logger.warn({ userId: input.userId, retryAfterSeconds }, "verification locked for account");
        return { ok: false, code: "LOCKED", retryAfterSeconds };
      }
      case "expired":
        return { ok: false, code: "CODE_EXPIRED" };
      case "not_found":
        return { ok: false, code: "NOT_FOUND" };
    }
  }

  return {
    /** True when a wrong code's result says itself whether its SMS arrived (`undelivered`). */
    checksReportDelivery: oneStep !== null,

    /**
     * Sends a fresh code to `phone` (replacing any earlier code for this user and purpose). Pass
     * the user's `verifiedNumber` when there is one: a code to it is not an enrollment send.
     */
    async start(input: SendRequest & { phone: string }): Promise<SendResult> {
      const parsed = normalizePhone(input.phone);
      if (!parsed.ok) return parsed;
      return failClosed(() => sendCode(input, parsed.phone), "sending a code");
    },

    /** Sends a new code to the number the live challenge went to; never to a number from the client. */
    async resend(input: SendRequest): Promise<SendResult> {
      return failClosed(async () => {
        const view = await store.challenges.peek(input.userId, input.purpose);
        // Past its retention a challenge is gone on Redis; the SQL row that outlives it is too.
        if (!view || !isRetained(view, now())) return { ok: false, code: "NOT_FOUND" } as const;
        const parsed = normalizePhone(view.phoneE164);
        if (!parsed.ok) return parsed;
        return sendCode(input, parsed.phone);
      }, "resending a code");
    },

    /**
     * Checks a code. Malformed input is refused before it can cost a guess. `okEvents`: audit
     * events a right code also records (the sign-in it completes), with the same atomicity.
     */
    async verify(input: Actor & { code: unknown; okEvents?: readonly CheckEvent[] }): Promise<VerifyResult> {
      const code = parseCode(input.code);
      if (!code) return { ok: false, code: "MALFORMED_CODE" };
      return failClosed(async (): Promise<VerifyResult> => {
        const check = {
          userId: input.userId,
          purpose: input.purpose,
          codeHash: hashCode({ userId: input.userId, purpose: input.purpose, code }),
          nowMs: now(),
          lockout: LOCKOUT,
        };
        const okEvents = input.okEvents ?? [];
        if (oneStep) {
          // One round trip: the per-IP window, the check and its audit events commit together.
          const ipWindow = input.ip ? { spec: limits.verifiesPerIp.spec, key: input.ip } : null;
          // A check that can't judge a conditional event gets none; they are judged and recorded after it.
          const later = oneStep.judgesOnlyAfter ? [] : okEvents.filter((e) => e.onlyAfter);
          const inCheck = later.length > 0 ? okEvents.filter((e) => !e.onlyAfter) : okEvents;
          const outcome = await pastRetentionIsNone(input, await oneStep.check({ ...check, ipWindow, ip: input.ip ?? null, okEvents: inCheck }), check.nowMs);
          if (outcome.outcome === "rate_limited") {
            return { ok: false, code: "RATE_LIMITED", retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)) };
          }
          // The check may have logged its own events already (the Redis stream's rows land any time).
          if (outcome.outcome === "ok") await afterRightCode(input, outcome.phoneE164, later, check.nowMs, true);
          const result = answer(input, outcome);
          if (outcome.outcome === "invalid" && isDeliveryProblem(outcome.deliveryStatus)) {
            return { ok: false, code: "INVALID_CODE", attemptsLeft: outcome.attemptsLeft, undelivered: true };
          }
          return result;
        }
        if (input.ip) {
          const decision = await limits.verifiesPerIp.consume(input.ip);
          if (!decision.allowed) return { ok: false, code: "RATE_LIMITED", retryAfterSeconds: decision.retryAfterSeconds };
        }
        const outcome = await pastRetentionIsNone(input, await store.challenges.verify(check), check.nowMs);
        const event = { userId: input.userId, ip: input.ip, detail: { purpose: input.purpose, outcome: outcome.outcome } };
        switch (outcome.outcome) {
          case "ok":
            // Nothing of this check is logged yet: code.verified and the sign-in's events go together.
            await afterRightCode(input, outcome.phoneE164, [{ type: "code.verified", detail: event.detail }, ...okEvents], check.nowMs, false);
            break;
          case "invalid":
          case "earlier_code":
          case "too_many_attempts":
            await note(audit.record({ ...event, type: "code.failed" }), "an audit event");
            break;
          case "locked":
            await note(audit.record({ ...event, type: "account.locked", detail: { ...event.detail, retryAfterSeconds: lockSeconds(outcome.retryAfterMs) } }), "an audit event");
            break;
        }
        return answer(input, outcome);
      }, "verifying a code");
    },

    /** The live code's state for a page: masked number, expiry, cooldown, delivery. */
    async status(input: Actor): Promise<ChallengeStatus | null | Failure<"UNAVAILABLE">> {
      return failClosed(() => readStatus(input), "reading a challenge");
    },

    /**
     * True when the live code is still usable and its SMS was reported undelivered; false when
     * not, or when it can't tell. The advice after a wrong code needs only this: the code and
     * its SMS record, not the resend cooldown a page shows.
     */
    async undelivered(input: Actor): Promise<boolean> {
      const read = await failClosed(async () => {
        const view = await store.challenges.peek(input.userId, input.purpose);
        if (!view || view.consumed || !view.messageId || view.attemptsLeft <= 0 || view.expiresAtMs <= now()) return false;
        const delivery = await withinStoreDeadline(smsLog.statusOf(view.messageId)).catch(() => null);
        return isDeliveryProblem(delivery?.status);
      }, "reading a code's delivery");
      return read === true;
    },

    /** Drops the live code (after sign-out, or when the flow it belonged to is abandoned). */
    async cancel(input: Actor): Promise<void> {
      await store.challenges.remove(input.userId, input.purpose);
    },
  };
}

export type ChallengeService = ReturnType<typeof createChallengeService>;

const lockSeconds = (retryAfterMs: number) => Math.max(1, Math.ceil(retryAfterMs / 1000));

/**
 * The calling code a right code to `phoneE164` counts toward, asked after the check (a store that
 * counts in the check asks when the code is sent). The guard judges by the number and the purpose;
 * the class is the one a send for this purpose gets when the number is the user's own.
 */
function conversionCallingCode(count: NonNullable<SendGuard["conversionCount"]>, phoneE164: string, purpose: Purpose): string | null {
  const parsed = normalizePhone(phoneE164);
  if (!parsed.ok) return null;
  return count.callingCodeOf(parsed.phone, { kind: purpose === "enroll_phone" ? "enrollment" : "number_of_record", verifiedAt: null, purpose });
}

function toStatus(
  actor: Actor,
  view: { phoneE164: string; expiresAtMs: number; attemptsLeft: number },
  resendAvailableInSeconds: number,
  delivery: ChallengeStatus["delivery"],
): ChallengeStatus {
  return {
    purpose: actor.purpose,
    phoneLastDigits: phoneLastDigits(view.phoneE164),
    expiresAt: new Date(view.expiresAtMs),
    attemptsLeft: view.attemptsLeft,
    resendAvailableInSeconds,
    delivery,
  };
}
