"use client";

import Link from "next/link";
import { useActionState } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { useActionToast } from "@/components/toast/use-action-toast";
import { linkClass } from "@/components/ui/button-styles";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { resetPasswordAction } from "@/server/actions/password-reset";

/** Mirrors PASSWORD_MIN_LENGTH in @twostep/core (not imported: it pulls in argon2). */
const PASSWORD_MIN_LENGTH = 8;

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(resetPasswordAction, initialFormState);
  useActionToast(state, { errors: false });
  const error = state.status === "error" ? state : null;
  // The password changed but the old sessions (or trusted browsers) could not be ended: the link
  // is spent, so no form; the message says to sign in and sign the others out.
  if (state.status === "success" && state.data?.signIn) {
    return (
      <div className="flex flex-col gap-5">
        <FormMessage state={state} id="reset-password-message" />
        <Link href="/sign-in" className={linkClass}>
          Sign in with your new password
        </Link>
      </div>
    );
  }
  return (
    <form action={action} className="flex flex-col gap-5">
      <input type="hidden" name="token" value={token} />
      <PasswordField
        label="New password"
        name="newPassword"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A phrase of a few words is easy to remember and hard to guess.`}
        invalid={error?.field === "newPassword"}
        describedBy="reset-password-message"
      />
      <PasswordField
        label="Confirm new password"
        name="confirmPassword"
        id="confirm-password"
        autoComplete="new-password"
        required
        invalid={error?.field === "confirmPassword"}
        describedBy="reset-password-message"
      />
      <FormMessage state={state} id="reset-password-message" />
      {error?.code === "RESET_LINK_INVALID" && (
        <Link href="/forgot-password" className={linkClass}>
          Ask for a new link
        </Link>
      )}
      <SubmitButton pendingLabel="Saving…" className="w-full">
        Set new password
      </SubmitButton>
    </form>
  );
}
