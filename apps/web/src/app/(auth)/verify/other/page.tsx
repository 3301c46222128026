import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { requirePendingViewer } from "@/server/auth/viewer";
import { getTwoStep } from "@/server/twostep";
import { ChooseSmsForm } from "./choose-sms-form";

export const metadata: Metadata = { title: "Try another way" };

/** "Try another way": every factor this account has. Only choosing SMS sends anything. */
export default async function OtherWaysPage() {
  const viewer = await requirePendingViewer();
  const factors = await (await getTwoStep()).twoFactor.availableSecondFactors(viewer.userId);
  return (
    <Card headingLevel={1} id="verify-other" title="Try another way" description="Choose how to finish signing in.">
      <ul className="flex flex-col gap-3">
        {factors.includes("totp") && (
          <li>
            <Link href="/verify/app" className={buttonClass("secondary", "w-full")}>
              Use your authenticator app
            </Link>
          </li>
        )}
        {factors.includes("sms") && (
          <li>
            <ChooseSmsForm />
          </li>
        )}
        {factors.includes("backup_code") && (
          <li>
            <Link href="/verify/backup" className={buttonClass("secondary", "w-full")}>
              Use a backup code
            </Link>
          </li>
        )}
      </ul>
    </Card>
  );
}
