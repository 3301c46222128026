"use client";

import { useState, type ComponentProps } from "react";
import { TextField } from "./text-field";

/**
 * A password input with a "Show password" toggle, so a long passphrase typed on a phone can be
 * checked before it is sent. The toggle is a real button (aria-pressed), after the field in
 * the tab order; it never submits.
 */
export function PasswordField(props: Omit<ComponentProps<typeof TextField>, "type">) {
  const [visible, setVisible] = useState(false);
  const id = props.id ?? props.name;
  return (
    <div className="flex flex-col gap-1">
      <TextField {...props} type={visible ? "text" : "password"} autoCapitalize="off" autoCorrect="off" spellCheck={false} />
      <button
        type="button"
        aria-pressed={visible}
        aria-controls={id}
        onClick={() => setVisible((v) => !v)}
        className="self-start rounded-sm text-sm font-medium text-indigo-700 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Show password
      </button>
    </div>
  );
}
