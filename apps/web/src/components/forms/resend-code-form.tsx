"use client";

import { useActionState, useState } from "react";
import type { FormState } from "@/server/actions/form-state";
import { useActionToast } from "../toast/use-action-toast";
import type { ButtonVariant } from "../ui/button-styles";
import { FormMessage } from "../ui/form-message";
import { SubmitButton } from "../ui/submit-button";
import { useCodeEnd } from "./code-ended";
import { useCodeLock } from "./code-lock";
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
  /** Said under a refused send: what still works meanwhile (a backup code, another number). */
  whenRefused?: React.ReactNode;
  /** Distinct per page, so the refusal's message can be found and focused. */
  messageId?: string;
};

/**
 * "Resend code" with the server's cooldown counted down on the button. A refused send says why
 * and until when right here (not only in a toast), and the button waits out the limit. During
 * an account lock (code-lock.tsx) it is disabled: a code couldn't be used until the lock ends.
 * Once the code has ended (code-ended.tsx) a new code is the way on, so the button leads.
 */
export function ResendCodeForm({ action, availableInSeconds, codeKey, label = "Resend code", variant: rendered = "secondary", whenRefused, messageId = "resend-message" }: Props) {
  const [state, formAction] = useActionState(action, initialFormState);
  const { secondsLeft: lockedSeconds } = useCodeLock();
  const variant = useCodeEnd().ended ? "primary" : rendered;
  const refusal = state.status === "error" ? state : null;
  // The inline message says it; a toast would say it twice.
  useActionToast(refusal ? initialFormState : state);
  const wait = refusal?.retryAfterSeconds ?? 0;
  return (
    <form action={formAction} className="flex flex-col items-start gap-3">
      {/* Only the button is keyed: the form keeps its action state, so the answer still shows. */}
      <CountdownButton
        key={`${codeKey}:${refusal?.id ?? ""}`}
        seconds={Math.max(wait, refusal ? 0 : availableInSeconds)}
        locked={lockedSeconds > 0}
        label={label}
        variant={variant}
      />
      {refusal && (
        <div className="flex flex-col gap-2">
          <FormMessage state={refusal} id={messageId} />
          {refusal.code !== "SESSION_ENDED" && wait > 0 && <RetryAt key={refusal.id} seconds={wait} />}
          {refusal.code !== "SESSION_ENDED" && whenRefused}
        </div>
      )}
    </form>
  );
}

function RetryAt({ seconds }: { seconds: number }) {
  // Fixed when the answer came, not moved on by each re-render.
  const [at] = useState(() => new Date(Date.now() + seconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
  return <p className="text-sm text-slate-600">You can ask for a new code again at {at}.</p>;
}

function CountdownButton({ seconds, locked, label, variant }: { seconds: number; locked: boolean; label: string; variant: ButtonVariant }) {
  const left = useCountdown(seconds);
  return (
    <SubmitButton variant={variant} disabled={left > 0 || locked} pendingLabel="Sending…">
      {left > 0 && !locked ? `${label} in ${formatWait(left)}` : label}
    </SubmitButton>
  );
}

/** Seconds on the button while short ("in 25s"), minutes beyond that ("in 58 min"). */
function formatWait(seconds: number): string {
  return seconds < 120 ? `${seconds}s` : `${Math.ceil(seconds / 60)} min`;
}
