"use client";

import { useActionState } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { TrustBrowserCheckbox } from "@/components/forms/trust-browser-checkbox";
import { useActionToast } from "@/components/toast/use-action-toast";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { verifyBackupCodeAction } from "@/server/actions/second-factor";

export function BackupCodeForm({ trustDays = null }: { trustDays?: number | null }) {
  const [state, action] = useActionState(verifyBackupCodeAction, initialFormState);
  useActionToast(state, { errors: false });
  return (
    <form action={action} className="flex flex-col gap-4">
      <TextField
        label="Backup code"
        name="backupCode"
        id="backup-code"
        type="text"
        autoComplete="off"
        autoCapitalize="characters"
        autoCorrect="off"
        spellCheck={false}
        required
        maxLength={40}
        placeholder="XXXXX-XXXXX"
        hint="10 letters and digits; the dash is optional."
        describedBy="backup-message"
        // The code is the only thing to do on this page.
        autoFocus
        className="font-mono uppercase tracking-widest"
      />
      <FormMessage state={state} id="backup-message" />
      <TrustBrowserCheckbox days={trustDays} />
      <SubmitButton pendingLabel="Checking…" className="w-full">
        Verify and sign in
      </SubmitButton>
    </form>
  );
}
