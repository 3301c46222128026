import type { Metadata } from "next";
import Link from "next/link";
import { AppPage } from "@/components/app-page";
import { buttonClass } from "@/components/ui/button-styles";
import { secondStepCode } from "@/components/two-factor-wording";
import { Badge, Card } from "@/components/ui/card";
import { requireFullViewer } from "@/server/auth/viewer";
import { getTwoStep } from "@/server/twostep";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const viewer = await requireFullViewer();
  const twostep = await getTwoStep();
  // One read of the user (with its apps beside it) serves the whole page: the email never changes
  // after sign-up, so the session's is the account's. This is the page every sign-in lands on.
  const factors = await twostep.twoFactor.factors(viewer.userId);
  if (!factors) throw new Error("signed-in user not found");
  const account = { email: viewer.email, twoFactorEnabled: factors.twoFactorEnabled };
  const backupCodesLeft = factors.backupCodesLeft;
  // Worded by the factors the user has: an app alone has no phone to name.
  const secondStep = secondStepCode({ phoneLastDigits: factors.sms?.phoneLastDigits ?? null, appCount: factors.apps.length });

  return (
    <AppPage email={account.email} current="dashboard">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Dashboard</h1>
        <p className="mt-1 text-slate-600">
          Signed in as <strong className="font-semibold text-slate-900" data-testid="signed-in-email">{account.email}</strong>
        </p>
      </div>

      <Card
        id="two-factor-status"
        title="Two-factor authentication"
        aside={<Badge tone={account.twoFactorEnabled ? "on" : "off"}>{account.twoFactorEnabled ? "On" : "Off"}</Badge>}
        description={
          account.twoFactorEnabled ? (
            <>
              Each sign-in asks for {secondStep}. You have{" "}
              {backupCodesLeft} backup code{backupCodesLeft === 1 ? "" : "s"} left.
            </>
          ) : (
            <>Your account is protected by your password only. Add a phone number and turn on two-factor authentication so a stolen password is not enough.</>
          )
        }
      >
        <div>
          <Link href="/settings/security" className={buttonClass(account.twoFactorEnabled ? "secondary" : "primary")}>
            {account.twoFactorEnabled ? "Security settings" : "Set up two-factor authentication"}
          </Link>
        </div>
      </Card>
    </AppPage>
  );
}
