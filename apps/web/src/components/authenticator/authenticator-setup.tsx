"use client";

import { useActionState } from "react";
import { initialFormState } from "@/components/forms/initial-state";
import { useActionToast } from "@/components/toast/use-action-toast";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import type { EnrollmentStart } from "@/server/actions/enrollment-start";
import type { FormState } from "@/server/actions/form-state";
import { AppCodeField } from "./app-code-field";

type Action<Data> = (previous: FormState<Data>, form: FormData) => Promise<FormState<Data>>;

/** Groups of four, as apps print keys; spaces are ignored by every app we know of. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, "$1 ").trim();

/**
 * Adding an authenticator app: start (a new secret from the server), scan the QR code or type the
 * key, then enter the app's first code. The factor turns on only after that code is right. The
 * QR code is an SVG the server drew from the otpauth URI: nothing is fetched from a third party.
 */
export function AuthenticatorSetup({
  begin,
  confirm,
  askName,
  onConfirmed,
}: {
  begin: Action<EnrollmentStart>;
  confirm: Action<string[]>;
  /** Settings ask for a name ("Phone", "Work laptop"); the required-enrollment page does not. */
  askName: boolean;
  onConfirmed: (state: FormState<string[]>) => React.ReactNode;
}) {
  const [started, start] = useActionState(begin, initialFormState);
  const [confirmed, finish] = useActionState(confirm, initialFormState);
  useActionToast(started.status === "error" ? started : initialFormState);
  useActionToast(confirmed);
  const enrollment = started.status === "success" ? started.data : undefined;
  if (confirmed.status === "success") return <>{onConfirmed(confirmed)}</>;
  return (
    <div className="flex flex-col gap-4">
      <form action={start} className="flex flex-col gap-3">
        {askName && <TextField label="Name for this app" name="name" id="authenticator-name" maxLength={40} placeholder="Authenticator app" />}
        <FormMessage state={started.status === "error" ? started : initialFormState} id="authenticator-start-message" />
        <SubmitButton pendingLabel="Preparing…" variant={enrollment ? "secondary" : "primary"}>
          {enrollment ? "Start again with a new key" : "Set up an authenticator app"}
        </SubmitButton>
      </form>
      {enrollment && (
        <form action={finish} className="flex flex-col gap-4" key={enrollment.factorId}>
          <p className="text-sm text-slate-700">Scan this QR code with your authenticator app, or enter the key by hand.</p>
          {/* An SVG our server drew from the otpauth URI: no user text in it, nothing from a third party. */}
          <div className="h-48 w-48 self-center" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: enrollment.qrSvg }} />
          <p className="text-sm text-slate-700">
            Key: <code data-testid="authenticator-secret" data-secret={enrollment.secret} className="break-all font-mono text-slate-900">{grouped(enrollment.secret)}</code>
          </p>
          <input type="hidden" name="factorId" value={enrollment.factorId} />
          <AppCodeField describedBy="authenticator-confirm-message" invalid={confirmed.status === "error"} autoFocus />
          <FormMessage state={confirmed} id="authenticator-confirm-message" />
          <SubmitButton pendingLabel="Checking…">Turn on</SubmitButton>
        </form>
      )}
    </div>
  );
}
