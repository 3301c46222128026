import type { Logger } from "../../log/logger.js";
import { maskPhone } from "../../phone/mask-phone.js";
import type { SmsSender } from "../../ports/sms-sender.js";

/**
 * Development delivery: nothing leaves the machine. The caller stores the text in the outbox
 * table, where the dev page reads it; this sender only confirms it and leaves a log line. The
 * log never carries the text, since it holds the code, and logs outlive the outbox.
 */
export function createOutboxSender(options: { logger: Logger }): SmsSender {
  return {
    provider: "outbox",
    async send(message) {
      options.logger.info(
        { phoneMasked: maskPhone(message.to), messageId: message.messageId },
        "SMS recorded in the dev outbox",
      );
      return { ok: true, providerMessageId: `outbox-${message.messageId}`, status: "delivered" };
    },
  };
}
