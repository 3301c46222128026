"use client";

import { useActionState } from "react";
import { BackupCodesReveal } from "@/components/backup-codes-reveal";
import { initialFormState } from "@/components/forms/initial-state";
import { useActionToast } from "@/components/toast/use-action-toast";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { regenerateBackupCodesAction } from "@/server/actions/backup-codes";

export function BackupCodesSection({ email, count, total }: { email: string; count: number; total: number }) {
  const [state, action] = useActionState(regenerateBackupCodesAction, initialFormState);
  useActionToast(state);
  const codes = state.status === "success" ? state.data : undefined;
  return (
    <Card
      id="backup-codes"
      title="Backup codes"
      description={
        <>
          <span data-testid="backup-codes-left">
            {count} of {total} backup codes left.
          </span>{" "}
          Use one to sign in when you can&apos;t get an SMS. Creating new codes cancels the old ones.
        </>
      }
    >
      {codes && <BackupCodesReveal key={state.status === "success" ? state.id : ""} codes={codes} email={email} />}
      <form action={action} className="flex flex-col gap-4 sm:max-w-sm">
        <TextField label="Password" name="password" id="regenerate-password" type="password" autoComplete="current-password" required describedBy="regenerate-message" />
        <FormMessage state={state.status === "error" ? state : initialFormState} id="regenerate-message" />
        <div>
          <SubmitButton variant="secondary" pendingLabel="Creating…">
            Create new backup codes
          </SubmitButton>
        </div>
      </form>
    </Card>
  );
}
