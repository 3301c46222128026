"use client";

import { useEffect, useRef, useState } from "react";
import { useToast } from "./toast/toaster";
import { buttonClass } from "./ui/button-styles";

/**
 * Fresh backup codes, shown this once (the server keeps only their hashes). Download writes a
 * .txt in the browser; nothing goes back to the server. Give it `key={answer id}` so a new set
 * is shown again after an earlier set was dismissed.
 *
 * The codes can't be shown again, so they can't be lost by accident: the panel takes the focus
 * (a screen reader reads its heading), "I've saved them" waits until they were downloaded,
 * copied or printed, and leaving the page before that asks first: a reload or a closed tab
 * (beforeunload), a click on a link to another page of the app, which a client-side navigation
 * would follow without a beforeunload, and a form that leaves the page (the sign-out button).
 * Back and forward are the browser's: the client router follows them and nothing can ask. `onSaved` tells the page (its "Continue" waits).
 */
export const LEAVE_UNSAVED_CODES = "Your backup codes are not saved, and they can't be shown again. Leave this page anyway?";

export function BackupCodesReveal({ codes, email, onSaved }: { codes: string[]; email: string; onSaved?: () => void }) {
  const show = useToast();
  const [dismissed, setDismissed] = useState(false);
  const [saved, setSaved] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);
  useEffect(() => {
    if (saved || dismissed) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [saved, dismissed]);
  useEffect(() => {
    if (saved || dismissed) return;
    // Capture on the document: before React's own listener (on the root), so a Next <Link> never sees a refused click.
    const ask = (event: MouseEvent) => {
      if (!leavesThePage(event)) return;
      if (window.confirm(LEAVE_UNSAVED_CODES)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    // A form that leaves the page (sign-out, marked data-leaves-page) asks the same; its action
    // would end the session and the codes with it.
    const askBeforeSubmit = (event: SubmitEvent) => {
      if (!(event.target instanceof HTMLFormElement) || !event.target.hasAttribute("data-leaves-page")) return;
      if (window.confirm(LEAVE_UNSAVED_CODES)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    document.addEventListener("click", ask, true);
    document.addEventListener("submit", askBeforeSubmit, true);
    return () => {
      document.removeEventListener("click", ask, true);
      document.removeEventListener("submit", askBeforeSubmit, true);
    };
  }, [saved, dismissed]);
  useEffect(() => {
    if (saved) onSaved?.();
    // Once, when they are saved.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved]);
  if (dismissed) return null;

  function download() {
    const text = [
      `twostep backup codes for ${email}`,
      `Created ${new Date().toISOString()}`,
      "",
      "Each code signs you in once if you can't get an SMS. Keep them somewhere safe.",
      "",
      ...codes,
      "",
    ].join("\n");
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "twostep-backup-codes.txt";
    document.body.append(link);
    link.click();
    link.remove();
    // Some browsers read the blob after click() returns; give them a moment before freeing it.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setSaved(true);
  }

  function print() {
    window.print();
    setSaved(true);
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      show("success", "Backup codes copied.");
      setSaved(true);
    } catch {
      show("error", "Couldn't copy. Select the codes and copy them, or download them.");
    }
  }

  return (
    <div
      ref={panel}
      tabIndex={-1}
      role="region"
      aria-labelledby="backup-codes-title"
      className="rounded-xl bg-amber-50 p-4 ring-1 ring-inset ring-amber-200 focus:outline-2 focus:outline-indigo-600 sm:p-5"
      data-testid="backup-codes"
    >
      <h3 id="backup-codes-title" className="font-semibold text-amber-950">
        Save your backup codes now
      </h3>
      <p className="mt-1 text-sm text-amber-900">
        If you lose your phone, each code signs you in once. This is the only time they are shown.
      </p>
      <ul aria-label="Backup codes" className="mt-4 grid grid-cols-2 gap-2 font-mono text-sm lg:grid-cols-5">
        {codes.map((code) => (
          <li key={code} className="rounded-md bg-white px-2 py-1.5 text-center tracking-wide text-slate-900 ring-1 ring-amber-200">
            {code}
          </li>
        ))}
      </ul>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" className={buttonClass("primary")} onClick={download}>
          Download .txt
        </button>
        <button type="button" className={buttonClass("secondary")} onClick={copy}>
          Copy codes
        </button>
        <button type="button" className={buttonClass("secondary")} onClick={print}>
          Print
        </button>
        <button
          type="button"
          className={buttonClass("ghost")}
          onClick={() => setDismissed(true)}
          disabled={!saved}
          aria-describedby={saved ? undefined : "backup-codes-save-first"}
        >
          I&apos;ve saved them
        </button>
      </div>
      <p id="backup-codes-save-first" className="mt-2 text-xs text-amber-900" hidden={saved}>
        Download, copy or print them first.
      </p>
    </div>
  );
}

/** A plain click on a link to another page (not a new tab, a download, or a jump within this page). */
export function leavesThePage(event: Pick<MouseEvent, "target" | "button" | "metaKey" | "ctrlKey" | "shiftKey" | "altKey" | "defaultPrevented">): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!(link instanceof HTMLAnchorElement) || link.hasAttribute("download") || (link.target && link.target !== "_self")) return false;
  const to = new URL(link.href, window.location.href);
  const here = new URL(window.location.href);
  return !(to.origin === here.origin && to.pathname === here.pathname && to.search === here.search && to.hash !== "");
}
