import Link from "next/link";
import { session } from "../../auth";
import { errorMessage } from "../../server/error-param";
import { getApp } from "../../server/twostep";
import { confirmPhoneAction, startPhoneEnrollmentAction } from "./actions";
import { EnableTwoFactor } from "./enable-two-factor";

export const dynamic = "force-dynamic";

/** Enroll a phone (a code proves it), then turn 2FA on while that proof is fresh. */
export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const viewer = await session.requireFullViewer();
  const { twostep } = await getApp();
  const profile = await twostep.twoFactor.profile(viewer.userId);
  const canEnable = await twostep.twoFactor.canEnableTwoFactor(viewer.userId);
  const params = await searchParams;
  const error = errorMessage(params.error);
  return (
    <main>
      <h1>Settings</h1>
      {error ? <p role="alert">{error}</p> : null}
      <p>
        Phone: {profile?.phoneLastDigits ? `ending in ${profile.phoneLastDigits}` : "none"}. Two-factor authentication:{" "}
        {profile?.twoFactorEnabled ? "on" : "off"}.
      </p>
      <form action={startPhoneEnrollmentAction}>
        <label>
          Mobile number <input name="phone" type="tel" autoComplete="tel" placeholder="+44 7400 123456" required />
        </label>{" "}
        <button type="submit">Send a code</button>
      </form>
      {params.sent ? (
        <form action={confirmPhoneAction}>
          <label>
            Code from the SMS <input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
          </label>{" "}
          <button type="submit">Save the number</button>
        </form>
      ) : null}
      {canEnable ? <EnableTwoFactor /> : null}
      <p>
        <Link href="/protected">Back</Link> · <Link href="/dev/outbox">Dev outbox</Link>
      </p>
    </main>
  );
}
