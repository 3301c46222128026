"use server";

import { redirect } from "next/navigation";
import { getTwoStep } from "../twostep";
import { failed, type FormState } from "./form-state";
import { readText } from "./form-values";
import { passwordSignIn } from "./password-sign-in";
import { requestIp } from "./request-ip";

/** /sign-up: creates the account, then signs in with the same details (no 2FA yet: a full session). */
export async function signUpAction(_previous: FormState, form: FormData): Promise<FormState> {
  const email = readText(form, "email");
  const password = readText(form, "password");
  const echo = { email: (email ?? "").slice(0, 254) };
  if (email === null || password === null) return failed({ code: "INVALID_INPUT" }, echo);

  const twostep = await getTwoStep();
  const created = await twostep.accounts.signUp({ email, password, ip: await requestIp() });
  if (!created.ok) return failed(created, echo);

  const signedIn = await passwordSignIn(email, password);
  // The account exists either way; if a limit stopped the sign-in, the form says so and /sign-in works later.
  if (!signedIn.ok) return failed(signedIn, echo);
  redirect("/dashboard");
}
