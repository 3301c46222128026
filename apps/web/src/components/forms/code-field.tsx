"use client";

import type { ClipboardEvent } from "react";
import { TextField } from "../ui/text-field";

/** Mirrors CODE_DIGITS in src/core/policy.ts; the server parses the code again regardless. */
const CODE_DIGITS = 6;

/**
 * The one-time code input. `one-time-code` lets phones offer the SMS code above the keyboard;
 * a pasted "123 456" or "Your code: 123456" keeps just the digits. The server also accepts
 * spaces, so typing "123 456" by hand works too.
 */
export function CodeField({ describedBy, autoFocus = false, id = "code" }: { describedBy?: string; autoFocus?: boolean; id?: string }) {
  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    const digits = event.clipboardData.getData("text").replace(/\D/g, "");
    if (digits.length !== CODE_DIGITS) return;
    event.preventDefault();
    event.currentTarget.value = digits;
  }
  return (
    <TextField
      label="Verification code"
      name="code"
      id={id}
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      required
      maxLength={32}
      // Where a code is asked for, it is the only thing to do.
      autoFocus={autoFocus}
      onPaste={onPaste}
      placeholder="123456"
      hint={`${CODE_DIGITS} digits, from the SMS.`}
      describedBy={describedBy}
      className="font-mono text-lg tracking-[0.3em] sm:text-lg"
    />
  );
}
