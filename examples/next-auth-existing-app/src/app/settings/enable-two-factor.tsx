"use client";

import { useActionState } from "react";
import { enableTwoFactorAction, type EnableState } from "./actions";

/** A client component only so the backup codes can be shown once, never put in a URL. */
export function EnableTwoFactor() {
  const [state, action, pending] = useActionState(enableTwoFactorAction, { backupCodes: null, error: null } satisfies EnableState);
  if (state.backupCodes) {
    return (
      <div>
        <p>2FA is on. Keep these backup codes somewhere safe; each works once, and they are not shown again:</p>
        <pre aria-label="Backup codes">{state.backupCodes.join("\n")}</pre>
      </div>
    );
  }
  return (
    <form action={action}>
      {state.error ? <p role="alert">{state.error}</p> : null}
      <button type="submit" disabled={pending}>
        Turn on two-factor authentication
      </button>
    </form>
  );
}
