"use client";

import { useFormStatus } from "react-dom";
import { buttonClass, type ButtonVariant } from "./button-styles";

type Props = {
  children: React.ReactNode;
  /** Shown while the form's action runs; the button is disabled meanwhile, so a double click sends once. */
  pendingLabel?: string;
  variant?: ButtonVariant;
  disabled?: boolean;
  className?: string;
  /**
   * The name a screen reader says, where the visible label alone repeats down a list ("Sign out"
   * on every row): it starts with that label and names the row ("Sign out Chrome on Linux").
   */
  accessibleName?: string;
  /** The id of the text that tells this row apart (when, from where). */
  describedBy?: string;
};

export function SubmitButton({ children, pendingLabel, variant = "primary", disabled = false, className = "", accessibleName, describedBy }: Props) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className={buttonClass(variant, className)}
      disabled={pending || disabled}
      aria-disabled={pending || disabled}
      aria-label={pending && pendingLabel ? undefined : accessibleName}
      aria-describedby={describedBy}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
