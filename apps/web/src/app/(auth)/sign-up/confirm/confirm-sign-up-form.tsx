"use client";

import Link from "next/link";
import { useActionState } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { useActionToast } from "@/components/toast/use-action-toast";
import { linkClass } from "@/components/ui/button-styles";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { confirmSignUpAction } from "@/server/actions/sign-up";

/** The account's address is shown and sent as the username, so a password manager saves the pair. */
export function ConfirmSignUpForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(confirmSignUpAction, initialFormState);
  useActionToast(state, { errors: false });
  const error = state.status === "error" ? state : null;
  return (
    <form action={action} className="flex flex-col gap-5">
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-slate-700">
        Account for <span className="font-medium text-slate-900" data-testid="sign-up-email">{email}</span>
      </p>
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="current-password"
        required
        invalid={error?.code === "INVALID_CREDENTIALS" || error?.field === "password"}
        describedBy="confirm-sign-up-message"
      />
      <FormMessage state={state} id="confirm-sign-up-message" />
      {error?.code === "SIGN_UP_LINK_INVALID" && (
        <Link href="/sign-up" className={linkClass}>
          Sign up again
        </Link>
      )}
      <SubmitButton pendingLabel="Creating account…" className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
