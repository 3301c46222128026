import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CodeEndNotice, CodeEndProvider, WhileCodeLive } from "@/components/forms/code-ended";
import { CodeLockProvider, HiddenWhileLocked } from "@/components/forms/code-lock";
import { LiveDeliveryStatus } from "@/components/forms/live-delivery-status";
import { ResendCodeForm } from "@/components/forms/resend-code-form";
import { SignOutButton } from "@/components/sign-out-button";
import { linkClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { deliveryProblemMessage, describeFailure } from "@twostep/core";
import { sendSignInCodeAction } from "@/server/actions/second-factor";
import { secondStepPath } from "@/server/auth/second-step-path";
import { requirePendingViewer } from "@/server/auth/viewer";
import { trustDays } from "@/server/auth/trusted-browser";
import { readFirstCodeFailure } from "@/server/auth/first-code-failure";
import { getTwoStep } from "@/server/twostep";
import { VerifyCodeForm } from "./verify-code-form";

export const metadata: Metadata = { title: "Enter your code" };

/**
 * The second step of sign-in. The first code went out with the password step, so this page only
 * reads the code's state: loading or reloading it never sends an SMS.
 */
export default async function VerifyPage() {
  const viewer = await requirePendingViewer();
  const twostep = await getTwoStep();
  // The core says what the live code is: usable, expired, dead (no guesses left), undelivered.
  const read = await twostep.twoFactor.codeState({ userId: viewer.userId, purpose: "sign_in" });
  const unavailable = read !== null && "ok" in read;
  const status = read === null || "ok" in read ? null : read;
  const undelivered = status?.undelivered ?? false;
  const dead = status?.state === "dead";
  const expired = status?.state === "expired";
  // The core asked for the app (no SMS went out), or the policy asks for a factor first.
  const elsewhere = unavailable ? null : await secondStepPath(viewer.userId, status !== null);
  if (elsewhere) redirect(elsewhere);
  // No code: the password step's SMS may have failed, and why says what helps (a backup code, a wait).
  const firstCodeFailure = !unavailable && !status ? await readFirstCodeFailure() : null;
  // Keys what the page learns on the client (a code that ends under the form) to this code.
  const codeKey = status?.expiresAt.toISOString() ?? "none";

  return (
    <CodeLockProvider scope={viewer.userId}>
    <CodeEndProvider codeKey={codeKey} ended={dead ? "dead" : expired ? "expired" : null}>
    <Card
      headingLevel={1}
      id="verify"
      title="Check your phone"
      description={
        status && !undelivered ? (
          <>
            We sent a 6-digit code by SMS to your phone number <strong className="font-semibold text-slate-900">ending in {status.phoneLastDigits}</strong>. Enter it to finish signing in.
          </>
        ) : (
          <>To finish signing in, enter the 6-digit code we send by SMS to your phone.</>
        )
      }
    >
      {unavailable && <Notice tone="error">{describeFailure({ code: "UNAVAILABLE" })}</Notice>}
      {!unavailable && !status && (firstCodeFailure ? (
        <Notice tone="warning" title="We couldn't send your code">
          <span data-code={firstCodeFailure.code}>{describeFailure(firstCodeFailure)}</span>
        </Notice>
      ) : (
        <Notice tone="warning">{describeFailure({ code: "NOT_FOUND" })}</Notice>
      ))}
      {undelivered && status && (
        <Notice tone="warning" title="The SMS could not be delivered">
          {deliveryProblemMessage}
        </Notice>
      )}
      {/* Shown from this render, or from the answer that ended the code (no re-render for it). */}
      <HiddenWhileLocked>
        <CodeEndNotice
          dead={<Notice tone="warning">{describeFailure({ code: "TOO_MANY_ATTEMPTS" })}</Notice>}
          expired={<Notice tone="warning">{describeFailure({ code: "CODE_EXPIRED" })}</Notice>}
        />
      </HiddenWhileLocked>
      {status?.state === "usable" && !undelivered && (
        <WhileCodeLive>
          <LiveDeliveryStatus key={status.delivery?.status ?? "none"} purpose="sign_in" initialDelivery={status.delivery?.status ?? null} />
        </WhileCodeLive>
      )}

      <VerifyCodeForm hasLiveCode={status !== null && !dead && !expired} trustDays={await trustDays()} />

      <div className="flex flex-col gap-3 border-t border-slate-200 pt-5">
        <p className="text-sm text-slate-600">{status ? "Didn't get the SMS?" : "No code yet?"}</p>
        <div className="flex flex-wrap items-center gap-x-5 gap-y-3">
          <ResendCodeForm
            action={sendSignInCodeAction}
            availableInSeconds={status?.resendAvailableInSeconds ?? 0}
            codeKey={codeKey}
            label={status ? "Resend code" : "Send a code"}
            variant={status && !dead && !expired && !undelivered ? "secondary" : "primary"}
            messageId="resend-sign-in-message"
            whenRefused={
              <p className="text-sm text-slate-700">
                You can still sign in with one of your{" "}
                <Link href="/verify/backup" className={linkClass}>
                  backup codes
                </Link>
                .
              </p>
            }
          />
          <Link href="/verify/backup" className={`${linkClass} text-sm`}>
            Use a backup code instead
          </Link>
          <Link href="/verify/other" className={`${linkClass} text-sm`}>
            Try another way
          </Link>
        </div>
      </div>
      <div className="flex items-center justify-between gap-3 text-sm text-slate-600">
        <span className="min-w-0 break-all">Signing in as {viewer.email}</span>
        <SignOutButton variant="ghost" />
      </div>
    </Card>
    </CodeEndProvider>
    </CodeLockProvider>
  );
}
