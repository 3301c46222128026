"use server";

import { redirect } from "next/navigation";
import { formatDuration } from "@twostep/core";
import { rememberAfterSignIn, takeAfterSignIn } from "../auth/after-sign-in-cookie";
import { failed, type FormState } from "./form-state";
import { readText } from "./form-values";
import { newSessionStage } from "./new-session-stage";
import { passwordSignIn } from "./password-sign-in";

/**
 * /sign-in. Every failure but a limit or an outage shows the same message, whichever field was
 * wrong and whether or not the account exists. A password-only session goes on to /verify; a
 * full one goes to the page the visitor was sent here from (`callbackUrl`, same origin only),
 * else the dashboard. The link is kept in a cookie across the second step.
 */
export async function signInAction(_previous: FormState, form: FormData): Promise<FormState> {
  const email = readText(form, "email") ?? "";
  const password = readText(form, "password") ?? "";
  const echo = { email: email.slice(0, 254) };
  if (!email.trim() || !password) return failed({ code: "INVALID_CREDENTIALS" }, echo);

  const result = await passwordSignIn(email, password);
  if (!result.ok) {
    const refused = failed(result, echo);
    // The limiter's wait is the same whether or not the account exists, so saying it reveals nothing.
    if (refused.status === "error" && result.code === "RATE_LIMITED" && result.retryAfterSeconds) {
      refused.message = `Too many attempts. Try again in ${formatDuration(result.retryAfterSeconds)}.`;
    }
    return refused;
  }
  await rememberAfterSignIn(readText(form, "callbackUrl"));
  if ((await newSessionStage()) === "pending") redirect("/verify");
  redirect(await takeAfterSignIn());
}
