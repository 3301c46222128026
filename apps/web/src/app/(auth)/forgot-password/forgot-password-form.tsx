"use client";

import { useActionState } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { useActionToast } from "@/components/toast/use-action-toast";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { requestPasswordResetAction } from "@/server/actions/password-reset";

export function ForgotPasswordForm({ initialEmail }: { initialEmail?: string }) {
  const [state, action] = useActionState(requestPasswordResetAction, initialFormState);
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
        defaultValue={error?.values?.email ?? initialEmail}
        invalid={error?.field === "email"}
        describedBy="forgot-password-message"
      />
      <FormMessage state={state} id="forgot-password-message" />
      <SubmitButton pendingLabel="Sending…" className="w-full">
        Send reset link
      </SubmitButton>
    </form>
  );
}
