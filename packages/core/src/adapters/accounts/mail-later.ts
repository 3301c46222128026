import type { Logger } from "../../log/logger.js";
import { safeError } from "../../log/safe-error.js";
import type { MailSender, MailToSend } from "../../ports/mail-sender.js";

/**
 * Hands a mail to the sender off the request: not awaited, not even started on this tick, so a
 * slow or down mail server never shows in the answer's timing (which would tell an address with
 * an account from one without). A failure is logged by its error alone: its message could quote
 * the mail, and the mail may hold a link.
 */
export function sendMailLater(sender: MailSender, mail: MailToSend, logger: Logger, what: string): void {
  setImmediate(() => {
    sender.send(mail).catch((error: unknown) => {
      const { type, code } = safeError(error);
      logger.warn({ kind: mail.kind, provider: sender.provider, error: { type, code } }, `${what} not sent`);
    });
  });
}
