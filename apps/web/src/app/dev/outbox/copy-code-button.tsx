"use client";

import { useEffect, useState } from "react";
import { buttonClass } from "@/components/ui/button-styles";

/** How long the button says "Copied" before it offers to copy again. */
const COPIED_SHOWN_MS = 2_000;

/** "Copy code": the code onto the clipboard, with a visible and announced "Copied". A plain button, so Enter and Space work. */
export function CopyCodeButton({ code }: { code: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), COPIED_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setState("copied");
    } catch {
      // No clipboard permission (or not a secure context): the code is right there to select.
      setState("failed");
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={() => void copy()} className={buttonClass("secondary", "min-h-9 px-3 py-1")}>
        {state === "copied" ? "Copied" : "Copy code"}
      </button>
      <span role="status" className={state === "failed" ? "text-xs text-slate-600" : "sr-only"}>
        {state === "copied" ? `Code ${code} copied` : state === "failed" ? "Couldn't copy: select the code instead" : ""}
      </span>
    </span>
  );
}
