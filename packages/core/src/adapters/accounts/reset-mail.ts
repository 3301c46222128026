import type { MailToSend } from "../../ports/mail-sender.js";

/**
 * The reset mail: what was asked, the link, how long and how often it works, and what to do if
 * the reader didn't ask. No code, no password, nothing about the account beyond its address.
 */
export function passwordResetMail(input: { to: string; link: string; appName: string; linkMinutes: number }): MailToSend {
  return {
    to: input.to,
    kind: "password_reset",
    subject: `Reset your ${input.appName} password`,
    text: [
      `Someone asked to reset the password of the ${input.appName} account for ${input.to}.`,
      "",
      "To choose a new password, open this link:",
      input.link,
      "",
      `The link works once, for ${input.linkMinutes} minutes. Resetting your password signs out every browser signed in to your account. If your account has two-factor authentication, you will still need your code to sign in.`,
      "",
      "If you didn't ask for this, ignore this email: your password stays as it is and nobody can change it without this link. If these emails keep coming, someone may be typing your address; your account is not affected.",
    ].join("\n"),
  };
}
