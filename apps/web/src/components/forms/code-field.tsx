"use client";

import { TextField } from "../ui/text-field";
import { CODE_DIGITS, codeDigitHandlers } from "./code-digits";

type Props = {
  describedBy?: string;
  autoFocus?: boolean;
  id?: string;
  /** The last answer said the code was wrong: read out with the field. */
  invalid?: boolean;
  disabled?: boolean;
  /**
   * Submit as soon as six digits are typed or pasted (the button stays, for assistive tech and
   * for anyone who prefers it). Only where the code is the form's one field.
   */
  autoSubmit?: boolean;
};

/**
 * The one-time code input. `one-time-code` lets phones offer the SMS code above the keyboard;
 * a pasted "123 456" or "Your code: 123456" keeps just the digits, and anything but digits is
 * dropped as it is typed, so `maxlength` 6 never cuts a code short.
 */
export function CodeField({ describedBy, autoFocus = false, id = "code", invalid = false, disabled = false, autoSubmit = false }: Props) {
  const { onPaste, onInput } = codeDigitHandlers((input) => {
    if (autoSubmit) input.form?.requestSubmit();
  });
  return (
    <TextField
      label="Verification code"
      name="code"
      id={id}
      type="text"
      inputMode="numeric"
      pattern="[0-9]*"
      autoComplete="one-time-code"
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      required
      maxLength={CODE_DIGITS}
      // Where a code is asked for, it is the only thing to do.
      autoFocus={autoFocus}
      onPaste={onPaste}
      onInput={onInput}
      invalid={invalid}
      disabled={disabled}
      data-auto-submit={autoSubmit ? "true" : undefined}
      placeholder="123456"
      hint={`${CODE_DIGITS} digits, from the SMS.`}
      describedBy={describedBy}
      className="font-mono text-lg tracking-[0.3em] disabled:bg-slate-100 sm:text-lg"
    />
  );
}
