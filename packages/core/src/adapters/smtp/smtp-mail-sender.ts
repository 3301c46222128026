import nodemailer from "nodemailer";
// The transport itself, not createTransport(options): given a `url`, createTransport drops every other option (the timeouts).
import SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import { isLoopbackHost } from "../../config/loopback.js";
import type { Logger } from "../../log/logger.js";
import type { MailSender } from "../../ports/mail-sender.js";

/**
 * How long one try may wait on the server at each stage. A hung server fails the try (and the
 * notice pump retries later) instead of holding a connection open; the request path never waits
 * on any of this.
 */
export const SMTP_CONNECTION_TIMEOUT_MS = 10_000;
export const SMTP_GREETING_TIMEOUT_MS = 10_000;
export const SMTP_SOCKET_TIMEOUT_MS = 30_000;

export type SmtpMailSenderOptions = {
  /**
   * smtps://…:465 (TLS from the start) or smtp://user:pass@host:587 (STARTTLS, required: a server
   * that does not offer it gets neither the password nor the mail). Plain text only to a relay on
   * loopback: localhost, 127.0.0.1, [::1].
   */
  url: string;
  /** The From header: `noreply@example.com` or `"Example" <noreply@example.com>`. */
  from: string;
  logger: Logger;
  /** Shorter waits (tests); each defaults to the constants above. */
  timeoutsMs?: { connection?: number; greeting?: number; socket?: number };
};

/** Mail through an SMTP server with nodemailer, one connection per mail (notices are rare). */
export function createSmtpMailSender(options: SmtpMailSenderOptions): MailSender {
  const timeouts = {
    connectionTimeout: options.timeoutsMs?.connection ?? SMTP_CONNECTION_TIMEOUT_MS,
    greetingTimeout: options.timeoutsMs?.greeting ?? SMTP_GREETING_TIMEOUT_MS,
    socketTimeout: options.timeoutsMs?.socket ?? SMTP_SOCKET_TIMEOUT_MS,
  };
  // nodemailer's own reading of the URL (host, port, secure, auth, query options), so the host
  // judged below is the host it connects to. Options in a `url` override any given beside it,
  // so the URL is read here and not passed on: nothing in its query can undo requireTLS.
  const { url: _url, ...fromUrl } = new SMTPTransport({ url: options.url, ...timeouts }).options;
  // Over smtp://, nodemailer upgrades only when the server's EHLO offers STARTTLS: anyone on the
  // path who strips that line reads the password and the mail. requireTLS sends STARTTLS anyway and
  // fails the try (ETLS) unless the upgrade succeeds. A relay on loopback never crosses a network.
  const plainAllowed = isLoopbackHost(fromUrl.host ?? "localhost");
  const transport = nodemailer.createTransport(
    new SMTPTransport({
      ...fromUrl,
      ...(fromUrl.secure || plainAllowed ? {} : { requireTLS: true, ignoreTLS: false, opportunisticTLS: false }),
    }),
  );
  return {
    provider: "smtp",
    async send(mail) {
      try {
        await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
      } catch (error) {
        // Neither the address nor the text is logged: a reset mail holds a link.
        const code = (error as { code?: unknown }).code;
        options.logger.warn({ kind: mail.kind, smtpError: typeof code === "string" ? code : "unknown" }, "mail: the SMTP server did not take the mail");
        throw error;
      }
    },
  };
}
