/** @twostep/core/smtp: security notices and reset links through an SMTP server (nodemailer). */
export {
  createSmtpMailSender,
  SMTP_CONNECTION_TIMEOUT_MS,
  SMTP_GREETING_TIMEOUT_MS,
  SMTP_SOCKET_TIMEOUT_MS,
  type SmtpMailSenderOptions,
} from "./smtp-mail-sender.js";
