"use client";

import { useActionState } from "react";
import type { FormState } from "@/server/actions/form-state";
import { useActionToast } from "../toast/use-action-toast";
import type { ButtonVariant } from "../ui/button-styles";
import { SubmitButton } from "../ui/submit-button";
import { useCountdown } from "./countdown";
import { initialFormState } from "./initial-state";

type Props = {
  action: (previous: FormState, form: FormData) => Promise<FormState>;
  /** From the server's challenge status; 0 when a new code may be sent now. */
  availableInSeconds: number;
  /** Changes with each new code (its expiry), so a fresh cooldown starts a fresh countdown. */
  codeKey: string;
  label?: string;
  variant?: ButtonVariant;
};

/** "Resend code" with the server's cooldown counted down on the button. */
export function ResendCodeForm({ action, availableInSeconds, codeKey, label = "Resend code", variant = "secondary" }: Props) {
  const [state, formAction] = useActionState(action, initialFormState);
  useActionToast(state);
  return (
    <form action={formAction}>
      {/* Only the button is keyed: the form keeps its action state, so the answer still toasts. */}
      <CountdownButton key={codeKey} seconds={availableInSeconds} label={label} variant={variant} />
    </form>
  );
}

function CountdownButton({ seconds, label, variant }: { seconds: number; label: string; variant: ButtonVariant }) {
  const left = useCountdown(seconds);
  return (
    <SubmitButton variant={variant} disabled={left > 0} pendingLabel="Sending…">
      {left > 0 ? `${label} in ${left}s` : label}
    </SubmitButton>
  );
}
