"use client";

import { useActionState } from "react";
import { BackupCodesReveal } from "@/components/backup-codes-reveal";
import { CodeField } from "@/components/forms/code-field";
import { initialFormState } from "@/components/forms/initial-state";
import { ResendCodeForm } from "@/components/forms/resend-code-form";
import { useActionToast } from "@/components/toast/use-action-toast";
import { secondStepCode } from "@/components/two-factor-wording";
import { linkClass } from "@/components/ui/button-styles";
import { Badge, Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { reverifyPhoneAction } from "@/server/actions/phone";
import { disableTwoFactorAction, enableTwoFactorAction, sendDisableCodeAction } from "@/server/actions/two-factor";
import type { PendingCode } from "./pending-code";

type Props = {
  email: string;
  enabled: boolean;
  phoneLastDigits: string | null;
  /** Authenticator apps on the account: with 2FA on and no phone, the app is the only factor. */
  appCount: number;
  /** The phone proved itself recently enough for the core to allow turning 2FA on. */
  phoneFresh: boolean;
  freshMinutes: number;
  /** A phone code is waiting in the section above. */
  enrollmentPending: boolean;
  /** The live code for turning 2FA off, if one was sent. */
  disableCode: PendingCode | null;
};

/** On and off. States live here so the backup codes stay on screen after the page re-renders "on". */
export function TwoFactorSection(props: Props) {
  const { email, enabled, phoneLastDigits, appCount, phoneFresh, freshMinutes, enrollmentPending, disableCode } = props;
  const [enable, enableAction] = useActionState(enableTwoFactorAction, initialFormState);
  const [reverify, reverifyAction] = useActionState(reverifyPhoneAction, initialFormState);
  const [disable, disableAction] = useActionState(disableTwoFactorAction, initialFormState);
  useActionToast(enable);
  useActionToast(reverify);
  useActionToast(disable);
  const newCodes = enable.status === "success" ? enable.data : undefined;

  return (
    <Card
      id="two-factor"
      title="Two-factor authentication"
      aside={<Badge tone={enabled ? "on" : "off"}>{enabled ? "On" : "Off"}</Badge>}
      description={
        enabled
          ? `Signing in needs your password and ${secondStepCode({ phoneLastDigits, appCount })}.`
          : "When it's on, signing in needs your password and a code we send to your phone."
      }
    >
      {newCodes && <BackupCodesReveal key={enable.status === "success" ? enable.id : ""} codes={newCodes} email={email} />}

      {!enabled && !phoneLastDigits && <p className="text-sm text-slate-600">Add and verify a phone number above first.</p>}

      {!enabled && phoneLastDigits && phoneFresh && (
        <form action={enableAction} className="flex flex-col gap-3">
          <FormMessage state={enable.status === "error" ? enable : initialFormState} id="enable-message" />
          <div>
            <SubmitButton pendingLabel="Turning on…">Turn on two-factor authentication</SubmitButton>
          </div>
        </form>
      )}

      {!enabled && phoneLastDigits && !phoneFresh && (
        <div className="flex flex-col gap-3">
          <Notice tone="info">
            To turn it on, your phone ending in {phoneLastDigits} must have received one of our codes in the last {freshMinutes} minutes.
            {enrollmentPending && " Enter the code we sent in the Phone number section above."}
          </Notice>
          {!enrollmentPending && (
            <form action={reverifyAction}>
              <SubmitButton variant="secondary" pendingLabel="Sending…">
                Verify phone again
              </SubmitButton>
            </form>
          )}
        </div>
      )}

      {enabled && !phoneLastDigits && (
        // No phone: no SMS code can confirm turning it off here. The app is removed in its own section.
        <div className="flex flex-col gap-2 border-t border-slate-200 pt-5">
          <h3 className="font-semibold text-slate-900">Turn off two-factor authentication</h3>
          <p className="text-sm text-slate-600">
            Your authenticator {appCount > 1 ? "apps are" : "app is"} your second step. To turn two-factor authentication off, remove{" "}
            {appCount > 1 ? "them" : "it"} under{" "}
            <a href="#authenticators" className={linkClass}>
              Authenticator apps
            </a>
            .
          </p>
        </div>
      )}

      {enabled && phoneLastDigits && (
        <div className="flex flex-col gap-4 border-t border-slate-200 pt-5">
          <div>
            <h3 className="font-semibold text-slate-900">Turn off two-factor authentication</h3>
            <p className="mt-1 text-sm text-slate-600">
              Confirm with your password and a code we send to your phone ending in {phoneLastDigits}.
            </p>
          </div>
          <ResendCodeForm
            action={sendDisableCodeAction}
            availableInSeconds={disableCode?.resendAvailableInSeconds ?? 0}
            codeKey={disableCode?.codeKey ?? "none"}
            label={disableCode ? "Resend code" : "Send code"}
          />
          <form action={disableAction} className="flex flex-col gap-4 sm:max-w-sm">
            <TextField label="Password" name="password" id="disable-password" type="password" autoComplete="current-password" required describedBy="disable-message" />
            <CodeField id="disable-code" describedBy="disable-message" />
            <FormMessage state={disable.status === "error" ? disable : initialFormState} id="disable-message" />
            <div>
              <SubmitButton variant="danger" pendingLabel="Turning off…">
                Turn off two-factor authentication
              </SubmitButton>
            </div>
          </form>
        </div>
      )}
    </Card>
  );
}
