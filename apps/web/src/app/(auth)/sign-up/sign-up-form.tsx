"use client";

import { useActionState } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { newPasswordHint, PASSWORD_MIN_LENGTH } from "@/components/forms/password-rules";
import { useActionToast } from "@/components/toast/use-action-toast";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { PasswordField } from "@/components/ui/password-field";
import { TextField } from "@/components/ui/text-field";
import { signUpAction } from "@/server/actions/sign-up";


export function SignUpForm() {
  const [state, action] = useActionState(signUpAction, initialFormState);
  useActionToast(state, { errors: false });
  const error = state.status === "error" ? state : null;
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
