"use client";

import Link from "next/link";
import { useState } from "react";
import { AuthenticatorSetup } from "@/components/authenticator/authenticator-setup";
import { BackupCodesReveal } from "@/components/backup-codes-reveal";
import { buttonClass } from "@/components/ui/button-styles";
import { beginRequiredEnrollmentAction, confirmRequiredEnrollmentAction } from "@/server/actions/second-factor";

/**
 * `continueTo`: where the sign-in began (a checked same-origin path), else the dashboard.
 * "Continue" waits until the backup codes were saved (downloaded, copied or printed): they are
 * shown this once, and going on would drop them.
 */
export function RequiredEnrollment({ email, continueTo }: { email: string; continueTo: string }) {
  const [saved, setSaved] = useState(false);
  return (
    <AuthenticatorSetup
      begin={beginRequiredEnrollmentAction}
      confirm={confirmRequiredEnrollmentAction}
      askName={false}
      onConfirmed={(state) => {
        const codes = state.status === "success" && state.data && state.data.length > 0 ? state.data : null;
        return (
          <div className="flex flex-col gap-4">
            {codes && <BackupCodesReveal codes={codes} email={email} onSaved={() => setSaved(true)} />}
            {codes && !saved ? (
              <button type="button" className={buttonClass("primary", "w-full")} disabled aria-describedby="backup-codes-save-first">
                Continue
              </button>
            ) : (
              <Link href={continueTo} className={buttonClass("primary", "w-full")}>
                Continue
              </Link>
            )}
          </div>
        );
      }}
    />
  );
}
