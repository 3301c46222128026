import type { Metadata } from "next";
import { AppPage } from "@/components/app-page";
import { formatAgo } from "@/components/time/format-time";
import { Notice } from "@/components/ui/notice";
import type { Purpose } from "@twostep/core";
import { BACKUP_CODE_COUNT, describeFailure, PHONE_PROOF_FRESH_MINUTES } from "@twostep/core";
import { requireFullViewer } from "@/server/auth/viewer";
import { getTwoStep } from "@/server/twostep";
import { phoneCountryChoices } from "@/server/phone/phone-countries";
import { AuthenticatorsSection } from "./authenticators-section";
import { BackupCodesSection } from "./backup-codes-section";
import { toPendingCode, type PendingCode } from "./pending-code";
import { PhoneSection } from "./phone-section";
import { SecurityLog } from "./security-log";
import { SessionsSection } from "./sessions-section";
import { TrustedDevicesSection } from "./trusted-devices-section";
import { PasswordSection } from "./password-section";
import { twoStepSession } from "@/server/auth/two-step-session";
import { TwoFactorSection } from "./two-factor-section";

export const metadata: Metadata = { title: "Security settings" };

export default async function SecuritySettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireFullViewer();
  const twostep = await getTwoStep();
  const user = await twostep.accounts.byId(viewer.userId);
  if (!user) throw new Error("signed-in user not found");
  const account = twostep.accounts.view(user);

  const pendingCode = async (purpose: Purpose): Promise<PendingCode | null | "unavailable"> => {
    const status = await twostep.twoFactor.codeState({ userId: account.id, purpose });
    if (status === null) return null;
    if ("ok" in status) return "unavailable";
    return toPendingCode(status);
  };
  const [enrollment, disabling, backupCodesLeft, phoneFresh] = await Promise.all([
    pendingCode("enroll_phone"),
    account.twoFactorEnabled ? pendingCode("disable_2fa") : null,
    twostep.twoFactor.unusedBackupCodeCount(account.id),
    // The core decides again when the button is pressed; this only picks which button to show.
    twostep.twoFactor.canEnableTwoFactor(account.id),
  ]);

  const appRows = await authenticatorRows(viewer.userId);

  return (
    <AppPage email={account.email} current="security">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Security</h1>
        <p className="mt-1 text-slate-600">Your phone number, two-factor authentication and recent activity.</p>
      </div>
      {(enrollment === "unavailable" || disabling === "unavailable") && (
        <Notice tone="error">{describeFailure({ code: "UNAVAILABLE" })}</Notice>
      )}
      <PhoneSection
        phoneLastDigits={account.phoneLastDigits}
        verifiedAgo={account.phoneVerifiedAt ? formatAgo(account.phoneVerifiedAt) : null}
        pending={enrollment === "unavailable" ? null : enrollment}
        {...await phoneCountryChoices()}
      />
      <TwoFactorSection
        email={account.email}
        enabled={account.twoFactorEnabled}
        phoneLastDigits={account.phoneLastDigits}
        appCount={appRows.apps.length}
        phoneFresh={phoneFresh}
        freshMinutes={PHONE_PROOF_FRESH_MINUTES}
        enrollmentPending={enrollment !== null && enrollment !== "unavailable"}
        disableCode={disabling === "unavailable" ? null : disabling}
      />
      <AuthenticatorsSection {...appRows} email={account.email} />
      {account.twoFactorEnabled && <BackupCodesSection email={account.email} count={backupCodesLeft} total={BACKUP_CODE_COUNT} />}
      <PasswordSection />
      <SessionsSection sessions={await twoStepSession.listSessions(viewer)} />
      <TrustedDevicesSection userId={account.id} />
      <SecurityLog userId={account.id} searchParams={await searchParams} />
    </AppPage>
  );
}

/** The apps as the section shows them; removing the last factor (no phone, one app) asks for more. */
async function authenticatorRows(userId: string) {
  const factors = await (await getTwoStep()).twoFactor.factors(userId);
  const apps = (factors?.apps ?? []).map((a) => ({ id: a.id, name: a.name, addedAgo: formatAgo(a.createdAt), lastUsedAgo: a.lastUsedAt ? formatAgo(a.lastUsedAt) : null }));
  return { apps, lastFactor: !factors?.sms && apps.length === 1 };
}
