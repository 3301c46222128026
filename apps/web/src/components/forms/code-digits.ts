import type { ClipboardEvent, FormEvent } from "react";

/** Mirrors CODE_DIGITS in packages/core/src/policy.ts; the server parses the code again regardless. */
export const CODE_DIGITS = 6;

/** What a code field keeps of what was typed: the digits, at most six ("123-456" → "123456"). */
export const codeDigits = (text: string): string => text.replace(/\D/g, "").slice(0, CODE_DIGITS);

/** A pasted "123 456" or "Your code: 123456" is that code; anything else is left to the browser. */
export function pastedCode(text: string): string | null {
  const digits = text.replace(/\D/g, "");
  return digits.length === CODE_DIGITS ? digits : null;
}

/**
 * The input and paste handlers of a 6-digit code field (the SMS code and the authenticator app's):
 * anything but digits is dropped as it is typed, and a whole code pasted with spaces or dashes is
 * taken before `maxlength` could cut it short. `complete` runs when the field holds six digits.
 */
export function codeDigitHandlers(complete: (input: HTMLInputElement) => void = () => {}) {
  return {
    onPaste(event: ClipboardEvent<HTMLInputElement>) {
      const code = pastedCode(event.clipboardData.getData("text"));
      if (code === null) return;
      event.preventDefault();
      event.currentTarget.value = code;
      complete(event.currentTarget);
    },
    onInput(event: FormEvent<HTMLInputElement>) {
      const input = event.currentTarget;
      const digits = codeDigits(input.value);
      if (digits !== input.value) input.value = digits;
      if (input.value.length === CODE_DIGITS) complete(input);
    },
  };
}
