import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/sign-out-button";
import { Card } from "@/components/ui/card";
import { peekAfterSignIn } from "@/server/auth/after-sign-in-cookie";
import { getTwoStep } from "@/server/twostep";
import { pendingViewerOrJustUpgraded } from "../action-answer";
import { RequiredEnrollment } from "./required-enrollment";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

/**
 * TWO_FACTOR_POLICY=required and no factor yet: the pending session may do this and nothing else.
 * A user who has a factor passes it instead.
 *
 * "Turn on" makes the session full and answers with the backup codes; Next renders this page again
 * in that answer, now for a full session. It renders the same tree then (so the form keeps the
 * codes it holds in memory) instead of redirecting, which would unmount them unseen. The codes are
 * in that answer alone: a later load of this page by a full session is redirected.
 */
export default async function RequiredEnrollmentPage() {
  const viewer = await pendingViewerOrJustUpgraded();
  const enrolled = viewer.kind === "full";
  if (!enrolled && !(await (await getTwoStep()).twoFactor.mustEnroll(viewer.userId))) redirect("/verify");
  return (
    <Card
      headingLevel={1}
      id="verify-enroll"
      title={enrolled ? "Two-factor authentication is on" : "Set up two-factor authentication"}
      description={
        enrolled
          ? "Your authenticator app is set up and you are signed in. Save your backup codes before you go on."
          : "This site requires a second step at sign-in. Add an authenticator app to finish signing in."
      }
    >
      <RequiredEnrollment email={viewer.email} continueTo={await peekAfterSignIn()} />
      <div className="flex items-center justify-between gap-3 text-sm text-slate-600">
        <span className="min-w-0 break-all">
          {enrolled ? "Signed in as" : "Signing in as"} {viewer.email}
        </span>
        <SignOutButton variant="ghost" />
      </div>
    </Card>
  );
}
