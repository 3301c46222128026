"use server";

import { redirect } from "next/navigation";
import { failed, type FormState } from "./form-state";
import { readText } from "./form-values";
import { newSessionStage } from "./new-session-stage";
import { passwordSignIn } from "./password-sign-in";

/**
 * /sign-in. Every failure but a limit or an outage shows the same message, whichever field was
 * wrong and whether or not the account exists. A password-only session goes on to /verify.
 */
export async function signInAction(_previous: FormState, form: FormData): Promise<FormState> {
  const email = readText(form, "email") ?? "";
  const password = readText(form, "password") ?? "";
  const echo = { email: email.slice(0, 254) };
  if (!email.trim() || !password) return failed({ code: "INVALID_CREDENTIALS" }, echo);

  const result = await passwordSignIn(email, password);
  if (!result.ok) return failed(result, echo);
  redirect((await newSessionStage()) === "pending" ? "/verify" : "/dashboard");
}
