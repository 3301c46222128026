"use client";

import { useActionState } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { useActionToast } from "@/components/toast/use-action-toast";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { changePasswordAction } from "@/server/actions/password";

export function PasswordSection() {
  const [state, action] = useActionState(changePasswordAction, initialFormState);
  useActionToast(state);
  return (
    <Card id="password" title="Password" description="Changing it signs out every other browser signed in to your account.">
      <form action={action} className="flex flex-col gap-4 sm:max-w-sm">
        <TextField label="Current password" name="currentPassword" id="current-password" type="password" autoComplete="current-password" required describedBy="password-message" />
        <TextField label="New password" name="newPassword" id="new-password" type="password" autoComplete="new-password" required describedBy="password-message" />
        <FormMessage state={state.status === "error" ? state : initialFormState} id="password-message" />
        <div>
          <SubmitButton variant="secondary" pendingLabel="Changing…">
            Change password
          </SubmitButton>
        </div>
      </form>
    </Card>
  );
}
