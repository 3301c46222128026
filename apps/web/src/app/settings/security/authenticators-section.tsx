"use client";

import { useActionState } from "react";
import { AppCodeField } from "@/components/authenticator/app-code-field";
import { AuthenticatorSetup } from "@/components/authenticator/authenticator-setup";
import { BackupCodesReveal } from "@/components/backup-codes-reveal";
import { initialFormState } from "@/components/forms/initial-state";
import { useActionToast } from "@/components/toast/use-action-toast";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import {
  beginAuthenticatorAction,
  confirmAuthenticatorAction,
  removeAuthenticatorAction,
  renameAuthenticatorAction,
} from "@/server/actions/authenticators";

export type AppRow = { id: string; name: string; addedAgo: string; lastUsedAgo: string | null };

/** Authenticator apps: a factor that costs nothing per sign-in and is not exposed to SIM swaps. */
export function AuthenticatorsSection({ email, apps, lastFactor }: { email: string; apps: AppRow[]; lastFactor: boolean }) {
  return (
    <Card id="authenticators" title="Authenticator apps" description="Sign in with a 6-digit code from an app such as Google Authenticator, 1Password or Aegis. No SMS is sent.">
      {apps.length > 0 && (
        <ul className="flex flex-col gap-4" aria-label="Your authenticator apps">
          {apps.map((app) => (
            <AppItem key={app.id} app={app} lastFactor={lastFactor} />
          ))}
        </ul>
      )}
      <AuthenticatorSetup
        begin={beginAuthenticatorAction}
        confirm={confirmAuthenticatorAction}
        askName
        onConfirmed={(state) =>
          state.status === "success" && state.data && state.data.length > 0 ? <BackupCodesReveal codes={state.data} email={email} /> : <p className="text-sm text-emerald-800">Your authenticator app is on.</p>
        }
      />
    </Card>
  );
}

function AppItem({ app, lastFactor }: { app: AppRow; lastFactor: boolean }) {
  const [renamed, rename] = useActionState(renameAuthenticatorAction, initialFormState);
  const [removed, remove] = useActionState(removeAuthenticatorAction, initialFormState);
  useActionToast(renamed);
  useActionToast(removed);
  const slug = app.id.slice(0, 8);
  return (
    <li className="flex flex-col gap-3 rounded-lg p-4 ring-1 ring-slate-200" data-testid="authenticator-row">
      <p className="text-sm text-slate-800">
        <span className="font-semibold">{app.name}</span> · added {app.addedAgo}
        {app.lastUsedAgo && <> · last used {app.lastUsedAgo}</>}
      </p>
      <form action={rename} className="flex flex-col gap-2 sm:max-w-sm">
        <input type="hidden" name="factorId" value={app.id} />
        <TextField label="New name" name="name" id={`rename-${slug}`} maxLength={40} required defaultValue={app.name} describedBy={`rename-${slug}-message`} />
        <FormMessage state={renamed} id={`rename-${slug}-message`} />
        <div>
          <SubmitButton variant="secondary" pendingLabel="Saving…">
            Rename
          </SubmitButton>
        </div>
      </form>
      <form action={remove} className="flex flex-col gap-2 sm:max-w-sm">
        <input type="hidden" name="factorId" value={app.id} />
        {lastFactor && (
          <>
            <p className="text-sm text-slate-700">This is your last factor: removing it turns two-factor authentication off. Confirm with your password and a code from this app.</p>
            <TextField label="Password" name="password" id={`remove-${slug}-password`} type="password" autoComplete="current-password" required />
            <AppCodeField id={`remove-${slug}-code`} describedBy={`remove-${slug}-message`} invalid={removed.status === "error"} />
          </>
        )}
        <FormMessage state={removed} id={`remove-${slug}-message`} />
        <div>
          <SubmitButton variant="danger" pendingLabel="Removing…">
            Remove {app.name}
          </SubmitButton>
        </div>
      </form>
    </li>
  );
}
