"use client";

import Link from "next/link";
import { AuthenticatorSetup } from "@/components/authenticator/authenticator-setup";
import { BackupCodesReveal } from "@/components/backup-codes-reveal";
import { buttonClass } from "@/components/ui/button-styles";
import { beginRequiredEnrollmentAction, confirmRequiredEnrollmentAction } from "@/server/actions/second-factor";

/** `continueTo`: where the sign-in began (a checked same-origin path), else the dashboard. */
export function RequiredEnrollment({ email, continueTo }: { email: string; continueTo: string }) {
  return (
    <AuthenticatorSetup
      begin={beginRequiredEnrollmentAction}
      confirm={confirmRequiredEnrollmentAction}
      askName={false}
      onConfirmed={(state) => (
        <div className="flex flex-col gap-4">
          {state.status === "success" && state.data && state.data.length > 0 && <BackupCodesReveal codes={state.data} email={email} />}
          <Link href={continueTo} className={buttonClass("primary", "w-full")}>
            Continue
          </Link>
        </div>
      )}
    />
  );
}
