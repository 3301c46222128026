"use client";

import { useActionState } from "react";
import { CodeField } from "@/components/forms/code-field";
import { initialFormState } from "@/components/forms/initial-state";
import { useActionToast } from "@/components/toast/use-action-toast";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { verifySignInCodeAction } from "@/server/actions/second-factor";

/**
 * Stays mounted whatever the code's state, so each answer (attempts left, expired, …) is shown.
 * Without a live code it steps back (no focus, quieter button) so "Send a code" leads.
 */
export function VerifyCodeForm({ hasLiveCode }: { hasLiveCode: boolean }) {
  const [state, action] = useActionState(verifySignInCodeAction, initialFormState);
  useActionToast(state);
  return (
    <form action={action} className="flex flex-col gap-4">
      <CodeField autoFocus={hasLiveCode} describedBy="verify-message" />
      <FormMessage state={state} id="verify-message" />
      <SubmitButton pendingLabel="Checking…" variant={hasLiveCode ? "primary" : "secondary"} className="w-full">
        Verify and sign in
      </SubmitButton>
    </form>
  );
}
