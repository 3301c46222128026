"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { linkClass } from "@/components/ui/button-styles";
import { useActionToast } from "@/components/toast/use-action-toast";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { PasswordField } from "@/components/ui/password-field";
import { TextField } from "@/components/ui/text-field";
import { takeKeptEmail } from "@/components/session/kept-sign-in-email";
import { signInAction } from "@/server/actions/sign-in";

/** `callbackUrl`: the page to land on once signed in; the action checks it again. */
export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action] = useActionState(signInAction, initialFormState);
  // The email of a session that ended under an open form ("Sign in again" kept it), so only the
  // password is asked again. Filled in after hydration (storage is the browser's), unless the
  // person typed already; taken once, so a second run of the effect (React's development checks)
  // finds nothing and changes nothing.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const kept = takeKeptEmail();
    const email = form.current?.elements.namedItem("email");
    if (!kept || !(email instanceof HTMLInputElement) || email.value !== "") return;
    email.value = kept;
    const password = form.current?.elements.namedItem("password");
    if (password instanceof HTMLInputElement) password.focus();
  }, []);
  useActionToast(state, { errors: false });
  const values = state.status === "error" ? state.values : undefined;
  // One answer for either field being wrong (never which one), so both are marked.
  const wrongDetails = state.status === "error" && state.code === "INVALID_CREDENTIALS";
  return (
    <form ref={form} action={action} className="flex flex-col gap-5" noValidate={false}>
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={values?.email}
        invalid={wrongDetails}
        describedBy="sign-in-message"
      />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="current-password"
        invalid={wrongDetails}
        required
        describedBy="sign-in-message"
      />
      <Link href="/forgot-password" className={`${linkClass} -mt-2 self-start text-sm`}>
        Forgot password?
      </Link>
      <FormMessage state={state} id="sign-in-message" />
      <SubmitButton pendingLabel="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
