/**
 * Delivery of one email. The core composes the text (a security notice, a password-reset link)
 * and decides when to send; a sender only hands it to an SMTP server or the dev mail outbox.
 * A mail never carries a one-time code.
 */
export type MailToSend = {
  /** One address. */
  to: string;
  subject: string;
  /** Plain text; senders add no HTML of their own. */
  text: string;
  /** What the mail is, for the dev outbox and logs (never the text: a reset mail holds a link). */
  kind: "security_notice" | "password_reset" | "sign_up";
};

export interface MailSender {
  readonly provider: "smtp" | "outbox";
  /** Resolves when the server accepted the mail; rejects when it did not (down, refused, too slow). */
  send(mail: MailToSend): Promise<void>;
}
