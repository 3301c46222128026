"use server";

import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import { successMessages } from "@twostep/core";
import { getTwoStep } from "../twostep";
import { failed, succeeded, type FormState } from "./form-state";
import { readText } from "./form-values";
import { requestIp } from "./request-ip";

/** A reset whose cleanup failed: the form shows the message and a way to sign in. */
type ResetDone = { signIn: true };

/** The page a reset link opens (src/app/(auth)/reset-password). */
const RESET_PAGE_PATH = "/reset-password";

/** Said whether or not the address has an account: the answer must not tell them apart. */
const LINK_SENT = "If an account exists for that address, we sent a link. It works once, for 30 minutes.";

/** /forgot-password: asks the core to mail a reset link; the link points at this app's configured origin, never the request's Host. */
export async function requestPasswordResetAction(_previous: FormState, form: FormData): Promise<FormState> {
  const email = readText(form, "email");
  const echo = { email: (email ?? "").slice(0, 254) };
  if (email === null) return failed({ code: "INVALID_INPUT", field: "email" }, echo);
  const twostep = await getTwoStep();
  const result = await twostep.accounts.requestPasswordReset({
    email,
    ip: await requestIp(),
    resetUrl: new URL(RESET_PAGE_PATH, twostep.config.origin),
  });
  if (!result.ok) return failed(result, echo);
  return succeeded(LINK_SENT);
}

/**
 * /reset-password: a new password through the link. On success nobody is signed in (every session
 * of the account was ended): the sign-in page says the password changed, and an account with 2FA
 * still passes its second factor there. If the sessions (or the trusted browsers) could not be
 * ended, the password is changed all the same, and the link spent: the page then stays, says so,
 * and tells the user to sign in and sign the others out, instead of the sign-in page's "every
 * browser was signed out". `data.signIn` tells the form to offer the sign-in link in its place.
 */
export async function resetPasswordAction(_previous: FormState<ResetDone>, form: FormData): Promise<FormState<ResetDone>> {
  const token = readText(form, "token");
  const newPassword = readText(form, "newPassword");
  const confirmPassword = readText(form, "confirmPassword");
  if (newPassword === null) return failed({ code: "INVALID_INPUT", field: "newPassword" });
  if (confirmPassword !== newPassword) {
    return { status: "error", id: randomUUID(), code: "INVALID_INPUT", field: "confirmPassword", message: "The two passwords don't match. Type the same new password twice." };
  }
  const twostep = await getTwoStep();
  const result = await twostep.accounts.resetPassword({ token, newPassword, ip: await requestIp() });
  if (!result.ok) return failed(result);
  if (result.otherSessionsNotEnded || result.trustedBrowsersNotForgotten) {
    const said: string[] = [successMessages.passwordChanged];
    if (result.otherSessionsNotEnded) said.push(successMessages.resetSessionsNotEnded);
    if (result.trustedBrowsersNotForgotten) said.push(successMessages.resetTrustedBrowsersNotForgotten);
    return succeeded<ResetDone>(said.join(" "), { signIn: true });
  }
  redirect("/sign-in?password-reset=1");
}

