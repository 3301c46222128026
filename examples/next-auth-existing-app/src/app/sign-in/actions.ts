"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { session, signIn } from "../../auth";

/** The password step through Auth.js; with 2FA on, the new session is pending and goes to /verify. */
export async function signInAction(form: FormData) {
  try {
    await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    // One answer for every wrong field, known account or not.
    redirect("/sign-in?error=INVALID_CREDENTIALS");
  }
  // The cookie signIn() just set is visible to this action: its stage picks the next page.
  const viewer = await session.getViewer();
  redirect(viewer.kind === "full" ? "/protected" : "/verify");
}
