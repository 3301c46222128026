"use client";

import { useState } from "react";

/**
 * "Trust this browser" on the code pages; absent when the operator turned trusted devices off.
 * React resets a form after each action answer, which put the box back to unticked after a wrong
 * code, so the next (right) code, submitted on its own at the sixth digit, did not trust the
 * browser. The box's state is kept here and is its default too: a form reset restores the
 * default, which is now what the person chose.
 */
export function TrustBrowserCheckbox({ days }: { days: number | null }) {
  const [checked, setChecked] = useState(false);
  if (!days) return null;
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" name="trustBrowser" className="size-4 accent-indigo-600" defaultChecked={checked} onChange={(event) => setChecked(event.target.checked)} />
      Trust this browser for {days} {days === 1 ? "day" : "days"}
    </label>
  );
}
