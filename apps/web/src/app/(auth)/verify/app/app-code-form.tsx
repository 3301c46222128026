"use client";

import { useActionState } from "react";
import { AppCodeField } from "@/components/authenticator/app-code-field";
import { initialFormState } from "@/components/forms/initial-state";
import { TrustBrowserCheckbox } from "@/components/forms/trust-browser-checkbox";
import { useActionToast } from "@/components/toast/use-action-toast";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { verifyAuthenticatorCodeAction } from "@/server/actions/second-factor";

const WRONG_CODE = new Set(["INVALID_CODE", "MALFORMED_CODE"]);

export function AppCodeForm({ trustDays = null }: { trustDays?: number | null }) {
  const [state, action] = useActionState(verifyAuthenticatorCodeAction, initialFormState);
  useActionToast(state);
  return (
    <form action={action} className="flex flex-col gap-4">
      <AppCodeField describedBy="verify-app-message" invalid={state.status === "error" && WRONG_CODE.has(state.code)} autoFocus />
      <FormMessage state={state} id="verify-app-message" />
      <TrustBrowserCheckbox days={trustDays} />
      <SubmitButton pendingLabel="Checking…" className="w-full">
        Verify and sign in
      </SubmitButton>
    </form>
  );
}
