import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/sign-out-button";
import { Card } from "@/components/ui/card";
import { peekAfterSignIn } from "@/server/auth/after-sign-in-cookie";
import { requirePendingViewer } from "@/server/auth/viewer";
import { getTwoStep } from "@/server/twostep";
import { RequiredEnrollment } from "./required-enrollment";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

/**
 * TWO_FACTOR_POLICY=required and no factor yet: the pending session may do this and nothing else.
 * A user who has a factor passes it instead.
 */
export default async function RequiredEnrollmentPage() {
  const viewer = await requirePendingViewer();
  if (!(await (await getTwoStep()).twoFactor.mustEnroll(viewer.userId))) redirect("/verify");
  return (
    <Card
      headingLevel={1}
      id="verify-enroll"
      title="Set up two-factor authentication"
      description="This site requires a second step at sign-in. Add an authenticator app to finish signing in."
    >
      <RequiredEnrollment email={viewer.email} continueTo={await peekAfterSignIn()} />
      <div className="flex items-center justify-between gap-3 text-sm text-slate-600">
        <span className="min-w-0 break-all">Signing in as {viewer.email}</span>
        <SignOutButton variant="ghost" />
      </div>
    </Card>
  );
}
