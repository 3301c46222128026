"use server";

import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import { getTwoStep } from "../twostep";
import { failed, succeeded, type FormState } from "./form-state";
import { readText } from "./form-values";
import { requestIp } from "./request-ip";

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
 * still passes its second factor there.
 */
export async function resetPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
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
  redirect("/sign-in?password-reset=1");
}
