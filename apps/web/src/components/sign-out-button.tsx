"use client";

import { signOutAction } from "@/server/actions/sign-out";
import { clearCodeLocks } from "./forms/code-lock";
import { SubmitButton } from "./ui/submit-button";

/**
 * A real form, so signing out works before JavaScript loads too. With JavaScript it also forgets
 * what this tab kept for the signed-out user (a code-page lock), so the next person starts clean.
 */
export function SignOutButton({ variant = "secondary" }: { variant?: "secondary" | "ghost" | "primary" }) {
  return (
    // data-leaves-page: unsaved backup codes on the page ask before it goes (backup-codes-reveal.tsx).
    <form action={signOutAction} onSubmit={clearCodeLocks} data-leaves-page>
      <SubmitButton variant={variant} pendingLabel="Signing out…">
        Sign out
      </SubmitButton>
    </form>
  );
}
