"use client";

import { useActionState, useEffect, useState } from "react";
import { CodeField } from "@/components/forms/code-field";
import { useCodeEnd } from "@/components/forms/code-ended";
import { useCodeLock } from "@/components/forms/code-lock";
import { initialFormState } from "@/components/forms/initial-state";
import { lockEndsAt, lockTimeLeft } from "@/components/forms/lock-time";
import { TrustBrowserCheckbox } from "@/components/forms/trust-browser-checkbox";
import { useActionToast } from "@/components/toast/use-action-toast";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { verifySignInCodeAction } from "@/server/actions/second-factor";

/** Answers that mean the code typed in was not accepted: the field is marked invalid. */
const WRONG_CODE = new Set(["INVALID_CODE", "EARLIER_CODE", "MALFORMED_CODE", "CODE_EXPIRED", "TOO_MANY_ATTEMPTS"]);

/**
 * Stays mounted whatever the code's state, so each answer (attempts left, expired, …) is shown.
 * Without a live code it steps back (no focus, quieter button) so "Send a code" leads; an answer
 * that ended the code tells the page (code-ended.tsx), which then shows what a reload would. A
 * lock replaces the answer with a live countdown and disables the form until it ends.
 */
export function VerifyCodeForm({ hasLiveCode: rendered, trustDays = null }: { hasLiveCode: boolean; trustDays?: number | null }) {
  const [state, action] = useActionState(verifySignInCodeAction, initialFormState);
  const lock = useCodeLock();
  const codeEnd = useCodeEnd();
  const hasLiveCode = rendered && !codeEnd.ended;
  const answer = state.status === "idle" ? null : state.id;
  // Which code each answer was about: after a resend renders a new code, the last answer ("Too
  // many wrong codes…") speaks of the old one and is no longer shown (the resend says its own).
  const [answeredAbout, setAnsweredAbout] = useState({ answer, codeKey: codeEnd.codeKey });
  if (answeredAbout.answer !== answer) setAnsweredAbout({ answer, codeKey: codeEnd.codeKey });
  const shown = answeredAbout.answer !== answer || answeredAbout.codeKey === codeEnd.codeKey ? state : initialFormState;
  useEffect(() => {
    if (state.status === "error" && state.code === "LOCKED" && state.retryAfterSeconds) lock.lockFor(state.retryAfterSeconds);
    if (state.status !== "idle") codeEnd.answered({ code: state.status === "error" ? state.code : null, ended: state.status === "error" ? (state.codeEnded ?? null) : null });
    // Once per answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [answer]);
  // Errors are said in place (the answer, or the lock's countdown), not again in a toast.
  useActionToast(state, { errors: false });
  const locked = lock.secondsLeft > 0;
  return (
    <form action={action} className="flex flex-col gap-4">
      {/* Above the field: the form submits itself at the sixth digit. */}
      <TrustBrowserCheckbox days={trustDays} />
      <CodeField
        autoFocus={hasLiveCode}
        describedBy="verify-message"
        autoSubmit
        disabled={locked}
        invalid={shown.status === "error" && WRONG_CODE.has(shown.code)}
      />
      {locked ? <LockMessage secondsLeft={lock.secondsLeft} untilMs={lock.untilMs} answerId={answer} /> : <FormMessage state={shown} id="verify-message" />}
      <SubmitButton pendingLabel="Checking…" variant={hasLiveCode ? "primary" : "secondary"} disabled={locked} className="w-full">
        Verify and sign in
      </SubmitButton>
    </form>
  );
}

/** One state while locked: how long is left (live), and what still works meanwhile. */
function LockMessage({ secondsLeft, untilMs, answerId }: { secondsLeft: number; untilMs: number | null; answerId: string | null }) {
  // It replaces the answer that brought it, which had the focus.
  useEffect(() => {
    if (answerId) document.getElementById("verify-message")?.focus();
  }, [answerId]);
  // "(at 14:30)", with the date when the lock ends on another day.
  const at = untilMs ? lockEndsAt(untilMs) : null;
  return (
    <div
      id="verify-message"
      tabIndex={-1}
      data-code="LOCKED"
      data-answer={answerId ?? undefined}
      className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-200 focus:outline-none"
    >
      <p className="font-semibold">Too many failed attempts. Verification is paused.</p>
      <p className="mt-1">
        Try again in <span data-testid="lock-countdown" className="font-mono tabular-nums">{lockTimeLeft(secondsLeft)}</span>
        {at && <> (at {at})</>}. No new code can be sent until then; a backup code still works.
      </p>
    </div>
  );
}
