"use client";

import { useActionState, useState } from "react";
import { CodeField } from "@/components/forms/code-field";
import { CountryPicker } from "@/components/forms/country-picker";
import { initialFormState } from "@/components/forms/initial-state";
import { ResendCodeForm } from "@/components/forms/resend-code-form";
import { useActionToast } from "@/components/toast/use-action-toast";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import {
  beginPhoneEnrollmentAction,
  cancelPhoneEnrollmentAction,
  confirmPhoneEnrollmentAction,
  resendPhoneCodeAction,
} from "@/server/actions/phone";
import { LiveDeliveryStatus } from "@/components/forms/live-delivery-status";
import { Notice } from "@/components/ui/notice";
import { enrollmentDeliveryProblemMessage, type SmsCountry } from "@twostep/core";
import type { PendingCode } from "./pending-code";

/**
 * Answers about the number itself. A limit, an outage, an ended session or a send that failed
 * for the moment (SEND_FAILED) leave the field valid: that number may well be right.
 */
const NUMBER_AT_FAULT = new Set(["INVALID_PHONE", "PHONE_IS_LANDLINE", "PHONE_IS_SERVICE_NUMBER", "COUNTRY_NOT_ALLOWED", "PHONE_BLOCKED_BY_PROVIDER"]);
/** Answers that mean the code typed in was not accepted. */
const WRONG_CODE = new Set(["INVALID_CODE", "EARLIER_CODE", "MALFORMED_CODE", "CODE_EXPIRED", "TOO_MANY_ATTEMPTS"]);

type Props = {
  phoneLastDigits: string | null;
  verifiedAgo: string | null;
  /** A code sent to a number being added or re-proved; the number is saved when it comes back. */
  pending: PendingCode | null;
  /** The countries we send SMS to, for the picker, and the one it starts on (from the browser's language). */
  countries: readonly SmsCountry[];
  defaultCountry: string;
};

/**
 * Add or change the phone. The action states live here, above both steps, so an answer is
 * still shown (and toasted) after the page re-renders into the other step.
 */
export function PhoneSection({ phoneLastDigits, verifiedAgo, pending, countries, defaultCountry }: Props) {
  const [begin, beginAction] = useActionState(beginPhoneEnrollmentAction, initialFormState);
  const [country, setCountry] = useState(defaultCountry);
  const chosen = countries.find((c) => c.code === country);
  const [confirm, confirmAction] = useActionState(confirmPhoneEnrollmentAction, initialFormState);
  const [cancel, cancelAction] = useActionState(cancelPhoneEnrollmentAction, initialFormState);
  useActionToast(begin, { errors: false });
  useActionToast(confirm, { errors: false });
  useActionToast(cancel);

  return (
    <Card
      id="phone-settings"
      title="Phone number"
      description={
        phoneLastDigits ? (
          <>
            Codes go to your number ending in <strong className="font-semibold text-slate-900">{phoneLastDigits}</strong>
            {verifiedAgo && <>, last verified {verifiedAgo}</>}.
          </>
        ) : (
          "Add a mobile number that can receive SMS. We send a code to check it before saving it."
        )
      }
    >
      {pending ? (
        <div className="flex flex-col gap-4">
          <p className="text-sm text-slate-700">
            Enter the code we sent to the number ending in <strong className="font-semibold">{pending.phoneLastDigits}</strong>.
          </p>
          {pending.undelivered ? (
            <Notice tone="warning" title="The SMS could not be delivered">
              {enrollmentDeliveryProblemMessage}
            </Notice>
          ) : (
            <LiveDeliveryStatus key={pending.delivery ?? "none"} purpose="enroll_phone" initialDelivery={pending.delivery} />
          )}
          <form action={confirmAction} className="flex flex-col gap-4 sm:max-w-sm">
            <CodeField id="phone-code" autoFocus autoSubmit describedBy="phone-code-message" invalid={confirm.status === "error" && WRONG_CODE.has(confirm.code)} />
            <FormMessage state={confirm} id="phone-code-message" />
            <div>
              <SubmitButton pendingLabel="Checking…">Verify number</SubmitButton>
            </div>
          </form>
          <div className="flex flex-wrap items-center gap-3">
            <ResendCodeForm
              action={resendPhoneCodeAction}
              availableInSeconds={pending.resendAvailableInSeconds}
              codeKey={pending.codeKey}
              messageId="resend-phone-message"
            />
            <form action={cancelAction}>
              <SubmitButton variant="ghost">Use a different number</SubmitButton>
            </form>
          </div>
        </div>
      ) : (
        <form action={beginAction} className="flex flex-col gap-4 sm:max-w-sm">
          <CountryPicker id="phone-country" countries={countries} value={country} onChange={setCountry} nextFieldId="phone" />
          <TextField
            label="Phone number"
            name="phone"
            type="tel"
            autoComplete="tel"
            required
            maxLength={40}
            placeholder={chosen?.example ?? "+1 415 555 0123"}
            hint={
              (phoneLastDigits ? "Your new mobile number, " : "A mobile number, ") +
              (chosen ? `as you would dial it in ${chosen.name}, or with its country code (+${chosen.callingCode}).` : "with its country code.")
            }
            defaultValue={begin.status === "error" ? begin.values?.phone : undefined}
            invalid={begin.status === "error" && NUMBER_AT_FAULT.has(begin.code)}
            describedBy="phone-message"
          />
          <FormMessage state={begin.status === "error" ? begin : initialFormState} id="phone-message" />
          <div>
            {/* With a number on record this is a change, not the page's main task: a quieter button. */}
            <SubmitButton variant={phoneLastDigits ? "secondary" : "primary"} pendingLabel="Sending…">
              {phoneLastDigits ? "Send code to new number" : "Send code"}
            </SubmitButton>
          </div>
        </form>
      )}
    </Card>
  );
}
