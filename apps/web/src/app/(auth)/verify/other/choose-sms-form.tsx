"use client";

import { useActionState } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { useActionToast } from "@/components/toast/use-action-toast";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { chooseSmsFactorAction } from "@/server/actions/second-factor";

/** A button, not a link: choosing SMS sends one, so it is a POST the core can limit. */
export function ChooseSmsForm() {
  const [state, action] = useActionState(chooseSmsFactorAction, initialFormState);
  useActionToast(state);
  return (
    <form action={action} className="flex flex-col gap-2">
      <SubmitButton pendingLabel="Sending…" variant="secondary" className="w-full">
        Text a code to my phone
      </SubmitButton>
      <FormMessage state={state} id="choose-sms-message" />
    </form>
  );
}
