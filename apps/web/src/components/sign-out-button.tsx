import { signOutAction } from "@/server/actions/sign-out";
import { SubmitButton } from "./ui/submit-button";

/** A real form, so signing out works before JavaScript loads too. */
export function SignOutButton({ variant = "secondary" }: { variant?: "secondary" | "ghost" | "primary" }) {
  return (
    <form action={signOutAction}>
      <SubmitButton variant={variant} pendingLabel="Signing out…">
        Sign out
      </SubmitButton>
    </form>
  );
}
