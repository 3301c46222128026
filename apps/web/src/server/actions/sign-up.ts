"use server";

import { redirect } from "next/navigation";
import { successMessages } from "@twostep/core";
import { getTwoStep } from "../twostep";
import { failed, succeeded, type FormState } from "./form-state";
import { readText } from "./form-values";
import { passwordSignIn } from "./password-sign-in";
import { requestIp } from "./request-ip";

/** The page a sign-up link opens (src/app/(auth)/sign-up/confirm). */
const CONFIRM_PAGE_PATH = "/sign-up/confirm";

/** What the sign-up form shows once the mail is on its way: the address it went to. */
export type SignUpSent = { email: string };

/**
 * /sign-up: asks the core to mail the address, the same answer whether or not it has an account
 * (a new one gets a link, one with an account a mail saying so). The links point at this app's
 * configured origin, never the request's Host.
 */
export async function signUpAction(_previous: FormState<SignUpSent>, form: FormData): Promise<FormState<SignUpSent>> {
  const email = readText(form, "email");
  const password = readText(form, "password");
  const echo = { email: (email ?? "").slice(0, 254) };
  if (email === null || password === null) return failed({ code: "INVALID_INPUT" }, echo);

  const twostep = await getTwoStep();
  const requested = await twostep.accounts.requestSignUp({
    email,
    password,
    ip: await requestIp(),
    confirmUrl: new URL(CONFIRM_PAGE_PATH, twostep.config.origin),
    signInUrl: new URL("/sign-in", twostep.config.origin),
  });
  if (!requested.ok) return failed(requested, echo);
  return succeeded<SignUpSent>(successMessages.signUpLinkSent(requested.email), { email: requested.email });
}

/**
 * /sign-up/confirm: the link and the password chosen at sign-up make the account, then sign in
 * with them (no 2FA yet: a full session).
 */
export async function confirmSignUpAction(_previous: FormState, form: FormData): Promise<FormState> {
  const token = readText(form, "token");
  const password = readText(form, "password");
  if (password === null) return failed({ code: "INVALID_INPUT", field: "password" });

  const twostep = await getTwoStep();
  const created = await twostep.accounts.confirmSignUp({ token, password, ip: await requestIp() });
  if (!created.ok) return failed(created);

  const signedIn = await passwordSignIn(created.user.email, password);
  // The account exists either way; if a limit stopped the sign-in, the sign-in page works later.
  if (!signedIn.ok) redirect("/sign-in?account-created=1");
  redirect("/dashboard");
}
