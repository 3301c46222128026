"use client";

import { CODE_DIGITS, codeDigitHandlers } from "@/components/forms/code-digits";
import { TextField } from "@/components/ui/text-field";

/**
 * The 6-digit code an authenticator app shows; one-time-code so phones offer it from the app.
 * Filtered as the SMS code field is (code-digits.ts): "123-456" typed or " 123 456" pasted is
 * the code, not refused by a pattern nor cut short by maxlength.
 */
export function AppCodeField({ id = "app-code", describedBy, invalid, autoFocus = false, disabled = false }: { id?: string; describedBy: string; invalid: boolean; autoFocus?: boolean; disabled?: boolean }) {
  const { onPaste, onInput } = codeDigitHandlers();
  return (
    <TextField
      label="Code from your authenticator app"
      name="code"
      id={id}
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      pattern="[0-9]*"
      maxLength={CODE_DIGITS}
      required
      autoFocus={autoFocus}
      disabled={disabled}
      onPaste={onPaste}
      onInput={onInput}
      invalid={invalid}
      describedBy={describedBy}
      hint="6 digits; a new one every 30 seconds."
      className="font-mono tracking-widest"
    />
  );
}
