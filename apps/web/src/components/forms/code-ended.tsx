"use client";

import { createContext, useCallback, useContext, useMemo, useState } from "react";
import type { CodeEnd } from "@/server/actions/form-state";

/**
 * Whether the code page's live code has ended (no guesses left, or expired), shared by the code
 * form and the rest of the page like the lock (code-lock.tsx). The server render says it on load;
 * a code that ends under the form (the fifth wrong guess) is learned from the check's answer, so
 * the page changes without rendering again on the server: each guess costs the check alone.
 * The client's word holds only for the code it was said of (`codeKey`, the code's expiry): a new
 * code, rendered after a resend, is live again.
 */
type CodeEndState = {
  /** The code this render of the page is about (its expiry), "none" without one. */
  codeKey: string;
  ended: CodeEnd | null;
  /** The code of the form's latest answer, so a notice doesn't say again what the answer says. */
  said: string | null;
  answered(answer: { code: string | null; ended: CodeEnd | null }): void;
};

const CodeEndContext = createContext<CodeEndState | null>(null);

export function CodeEndProvider({ codeKey, ended: rendered, children }: { codeKey: string; ended: CodeEnd | null; children: React.ReactNode }) {
  const [learned, setLearned] = useState<{ codeKey: string; ended: CodeEnd } | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const answered = useCallback(
    (answer: { code: string | null; ended: CodeEnd | null }) => {
      setSaid(answer.code);
      if (answer.ended) setLearned({ codeKey, ended: answer.ended });
    },
    [codeKey],
  );
  const ended = rendered ?? (learned?.codeKey === codeKey ? learned.ended : null);
  const value = useMemo(() => ({ codeKey, ended, said, answered }), [codeKey, ended, said, answered]);
  return <CodeEndContext.Provider value={value}>{children}</CodeEndContext.Provider>;
}

/** Outside a provider (settings) the page's own render is all there is: nothing ended here. */
export function useCodeEnd(): CodeEndState {
  return useContext(CodeEndContext) ?? { codeKey: "none", ended: null, said: null, answered: () => {} };
}

/** What only a live code offers (the SMS's delivery news): gone once the code ended. */
export function WhileCodeLive({ children }: { children: React.ReactNode }) {
  return useCodeEnd().ended ? null : <>{children}</>;
}

/** The answer codes that already say what each notice says, word for word. */
const SAID_BY: Record<CodeEnd, string> = { dead: "TOO_MANY_ATTEMPTS", expired: "CODE_EXPIRED" };

/**
 * The standing notice for an ended code (given by the server page, in its words), unless the
 * form's latest answer says the same words: that answer took the focus, so a screen reader has
 * just read it, and the page shouldn't say it twice.
 */
export function CodeEndNotice({ dead, expired }: Record<CodeEnd, React.ReactNode>) {
  const { ended, said } = useCodeEnd();
  if (!ended || said === SAID_BY[ended]) return null;
  return <>{ended === "dead" ? dead : expired}</>;
}
