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
};

export function SubmitButton({ children, pendingLabel, variant = "primary", disabled = false, className = "" }: Props) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={buttonClass(variant, className)} disabled={pending || disabled} aria-disabled={pending || disabled}>
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
