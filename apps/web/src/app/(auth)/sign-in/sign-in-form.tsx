"use client";

import Link from "next/link";
import { useActionState } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { linkClass } from "@/components/ui/button-styles";
import { useActionToast } from "@/components/toast/use-action-toast";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { PasswordField } from "@/components/ui/password-field";
import { TextField } from "@/components/ui/text-field";
import { signInAction } from "@/server/actions/sign-in";

/**
 * `initialEmail`: kept from a sign-in that timed out, so only the password is asked again.
 * `callbackUrl`: the page to land on once signed in; the action checks it again.
 */
export function SignInForm({ initialEmail, callbackUrl }: { initialEmail?: string; callbackUrl?: string }) {
  const [state, action] = useActionState(signInAction, initialFormState);
  useActionToast(state, { errors: false });
  const values = state.status === "error" ? state.values : undefined;
  // One answer for either field being wrong (never which one), so both are marked.
  const wrongDetails = state.status === "error" && state.code === "INVALID_CREDENTIALS";
  return (
    <form action={action} className="flex flex-col gap-5" noValidate={false}>
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={values?.email ?? initialEmail}
        invalid={wrongDetails}
        describedBy="sign-in-message"
      />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="current-password"
        invalid={wrongDetails}
        required
        describedBy="sign-in-message"
        // With the email kept, the password is what is left to type.
        autoFocus={Boolean(initialEmail)}
      />
      <Link href="/forgot-password" className={`${linkClass} -mt-2 self-start text-sm`}>
        Forgot password?
      </Link>
      <FormMessage state={state} id="sign-in-message" />
      <SubmitButton pendingLabel="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
