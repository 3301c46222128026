import type { Logger } from "../../log/logger.js";
import { maskPhone } from "../../phone/mask-phone.js";
import type { DeliveryReport } from "../../sms/delivery-status.js";
import type { SmsLog } from "../../ports/sms-log.js";
import type { SendResult, SmsSender } from "../../ports/sms-sender.js";
import { testNumberBehaviour } from "./test-numbers.js";

/** Defaults for the simulated later reports: long enough to see "queued" on the code page. */
export const NEVER_DELIVERED_AFTER_MS = 2_000;
export const DELAYED_DELIVERY_AFTER_MS = 5_000;
/** The core records the SMS right after send() returns; a report that comes first waits this long per try. */
const REPORT_RETRY_MS = 250;
const REPORT_TRIES = 20;

export type TestNumberSender = SmsSender & {
  /** Drops simulated reports still waiting (on shutdown). */
  close(): void;
};

/**
 * Routes test numbers (test-numbers.ts) to the outbox with their simulated outcome, and every
 * other number to the real sender. `provider` stays the real sender's; each test-number result
 * says `provider: "outbox"`, so the core keeps its text where the outbox can show it.
 *
 * Later reports ("undelivered", a late "delivered") are applied through the same forward-only
 * update as Plivo's callbacks. They live in this process's timers: a restart in between loses
 * them, which for fictional numbers is an acceptable price for needing no queue.
 */
export function createTestNumberSender(options: {
  real: SmsSender;
  outbox: SmsSender;
  /** Where simulated later reports go; without it 0190 and 0192 stay "queued". */
  smsLog?: Pick<SmsLog, "advanceStatus">;
  logger: Logger;
  delays?: { neverDeliveredMs?: number; delayedDeliveryMs?: number };
}): TestNumberSender {
  const { real, outbox, smsLog, logger } = options;
  const neverDeliveredMs = options.delays?.neverDeliveredMs ?? NEVER_DELIVERED_AFTER_MS;
  const delayedDeliveryMs = options.delays?.delayedDeliveryMs ?? DELAYED_DELIVERY_AFTER_MS;
  const pending = new Set<NodeJS.Timeout>();
  let closed = false;

  function later(ms: number, work: () => Promise<void>): void {
    if (closed) return;
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (closed) return;
      work().catch((error: unknown) => logger.warn({ err: error }, "simulated SMS report failed"));
    }, ms);
    // A waiting simulation must not keep a CLI or test process alive.
    timer.unref();
    pending.add(timer);
  }

  function reportLater(ms: number, report: DeliveryReport, triesLeft = REPORT_TRIES): void {
    if (!smsLog) return;
    later(ms, async () => {
      const outcome = await smsLog.advanceStatus(report);
      if (outcome !== "unknown_message") return;
      // The record may not be written yet (or at all, if that write failed): try again a little later.
      if (triesLeft > 1) reportLater(REPORT_RETRY_MS, report, triesLeft - 1);
      else logger.warn({ providerMessageId: report.providerMessageId }, "simulated SMS report found no message");
    });
  }

  async function viaOutbox(
    message: Parameters<SmsSender["send"]>[0],
    status: "queued" | "delivered",
  ): Promise<SendResult> {
    const sent = await outbox.send(message);
    if (!sent.ok) return sent;
    return { ok: true, providerMessageId: sent.providerMessageId, status, provider: "outbox" };
  }

  return {
    provider: real.provider,
    async send(message) {
      const behaviour = testNumberBehaviour(message.to);
      if (behaviour === null) return real.send(message);
      const context = { phoneMasked: maskPhone(message.to), messageId: message.messageId, behaviour };
      logger.info(context, "SMS to a test number: not sent to the provider");
      switch (behaviour) {
        case "deliver":
          return viaOutbox(message, "delivered");
        case "provider_error":
          return { ok: false, reason: "PROVIDER_ERROR", detail: "simulated HTTP 503 (test number)" };
        case "blocked_as_fraud":
          return { ok: false, reason: "BLOCKED_BY_PROVIDER", detail: "simulated fraud block (test number)" };
        case "never_delivered": {
          const sent = await viaOutbox(message, "queued");
          if (sent.ok) reportLater(neverDeliveredMs, { providerMessageId: sent.providerMessageId, status: "undelivered", errorCode: "TEST_NUMBER_UNDELIVERED" });
          return sent;
        }
        case "delayed_delivery": {
          const sent = await viaOutbox(message, "queued");
          if (sent.ok) reportLater(delayedDeliveryMs, { providerMessageId: sent.providerMessageId, status: "delivered", errorCode: null });
          return sent;
        }
      }
    },
    close() {
      closed = true;
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}
