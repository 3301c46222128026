"use client";

import { useActionState, useState } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { newPasswordHint, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/components/forms/password-rules";
import { useActionToast } from "@/components/toast/use-action-toast";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { changePasswordAction } from "@/server/actions/password";

/**
 * The fields are controlled: React resets a form after each answer, and a refused change must not
 * wipe what was typed (the server never sends a password back). A success clears them. An error is
 * said once, under the form (FormMessage), not again in a toast.
 */
export function PasswordSection() {
  const [state, action] = useActionState(changePasswordAction, initialFormState);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  useActionToast(state, { errors: false });
  // A new success answer clears the fields (set during render, once per answer).
  const answer = state.status === "idle" ? null : state.id;
  const [seen, setSeen] = useState(answer);
  if (seen !== answer) {
    setSeen(answer);
    if (state.status === "success") {
      setCurrent("");
      setNext("");
    }
  }
  const error = state.status === "error" ? state : null;
  return (
    <Card id="password" title="Password" description="Changing it signs out every other browser signed in to your account.">
      <form action={action} className="flex flex-col gap-4 sm:max-w-sm">
        <TextField
          label="Current password"
          name="currentPassword"
          id="current-password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={PASSWORD_MAX_LENGTH}
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
          invalid={error?.field === "currentPassword"}
          describedBy="password-message"
        />
        <TextField
          label="New password"
          name="newPassword"
          id="new-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          hint={newPasswordHint}
          value={next}
          onChange={(event) => setNext(event.target.value)}
          invalid={error?.field === "newPassword"}
          describedBy="password-message"
        />
        <FormMessage state={error ?? initialFormState} id="password-message" />
        <div>
          <SubmitButton variant="secondary" pendingLabel="Changing…">
            Change password
          </SubmitButton>
        </div>
      </form>
    </Card>
  );
}
