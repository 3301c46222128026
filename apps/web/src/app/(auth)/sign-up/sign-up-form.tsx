"use client";

import { useActionState } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { newPasswordHint, PASSWORD_MIN_LENGTH } from "@/components/forms/password-rules";
import { useActionToast } from "@/components/toast/use-action-toast";
import { linkClass } from "@/components/ui/button-styles";
import { FormMessage } from "@/components/ui/form-message";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { PasswordField } from "@/components/ui/password-field";
import { TextField } from "@/components/ui/text-field";
import { signUpAction, type SignUpSent } from "@/server/actions/sign-up";

export function SignUpForm() {
  const [state, action] = useActionState(signUpAction, initialFormState);
  useActionToast(state, { errors: false, successes: false });
  const error = state.status === "error" ? state : null;
  // The mail is on its way: the same words whether or not the address had an account. Said here,
  // where it stays, rather than in a toast that goes.
  if (state.status === "success") {
    const sent: SignUpSent | undefined = state.data;
    return (
      <div className="flex flex-col gap-4" data-testid="sign-up-sent">
        <Notice tone="success" title="Check your email">
          <p>{state.message}</p>
          <p className="mt-2">The link works once, for 60 minutes, and asks for the password you just chose.</p>
        </Notice>
        <p className="text-sm text-slate-600">
          Nothing from us{sent ? ` at ${sent.email}` : ""} in a few minutes? Look in your spam folder, or{" "}
          {/* A full load: a fresh, empty form (the answer above stays with this one). */}
          <a href="/sign-up" className={linkClass}>
            sign up again
          </a>
          .
        </p>
      </div>
    );
  }
  return (
    <form action={action} className="flex flex-col gap-5">
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={error?.values?.email}
        invalid={error?.field === "email"}
        describedBy="sign-up-message"
      />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={newPasswordHint}
        invalid={error?.field === "password"}
        describedBy="sign-up-message"
      />
      <FormMessage state={state} id="sign-up-message" />
      <SubmitButton pendingLabel="Creating account…" className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
