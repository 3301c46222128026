import type { MailToSend } from "../../ports/mail-sender.js";

/**
 * The mail a new address gets: the link that finishes the account, that it asks for the password
 * chosen at sign-up, how long it works, and what to do if the reader never signed up.
 */
export function signUpLinkMail(input: { to: string; link: string; appName: string; linkMinutes: number }): MailToSend {
  return {
    to: input.to,
    kind: "sign_up",
    subject: `Finish creating your ${input.appName} account`,
    text: [
      `Someone asked to create a ${input.appName} account for ${input.to}.`,
      "",
      "To finish, open this link and enter the password you chose:",
      input.link,
      "",
      `The link works once, for ${input.linkMinutes} minutes.`,
      "",
      "If you didn't ask for this, ignore this email: no account is created without this link and the password it was asked with.",
    ].join("\n"),
  };
}

/**
 * The mail an address that already has an account gets instead: the sign-up page answered the
 * same words, so only the owner of the inbox learns the account exists.
 */
export function alreadyRegisteredMail(input: { to: string; signInUrl: string; appName: string }): MailToSend {
  return {
    to: input.to,
    kind: "sign_up",
    subject: `You already have a ${input.appName} account`,
    text: [
      `Someone asked to create a ${input.appName} account for ${input.to}, but this address already has one. No new account was created.`,
      "",
      "To use your account, sign in here (if you forgot your password, choose \"Forgot password?\" there):",
      input.signInUrl,
      "",
      "If you didn't ask for this, ignore this email: your account and its password are as they were.",
    ].join("\n"),
  };
}
