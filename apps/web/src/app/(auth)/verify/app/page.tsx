import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/sign-out-button";
import { linkClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { requirePendingViewer } from "@/server/auth/viewer";
import { trustDays } from "@/server/auth/trusted-browser";
import { AppCodeForm } from "./app-code-form";

export const metadata: Metadata = { title: "Enter the code from your app" };

/** The second step with an authenticator app: no SMS was sent for it. */
export default async function AuthenticatorCodePage() {
  const viewer = await requirePendingViewer();
  return (
    <Card headingLevel={1} id="verify-app" title="Open your authenticator app" description="Enter the 6-digit code your authenticator app shows for this account.">
      <AppCodeForm trustDays={await trustDays()} />
      <Link href="/verify/other" className={`${linkClass} text-sm`}>
        Try another way
      </Link>
      <div className="flex items-center justify-between gap-3 text-sm text-slate-600">
        <span className="min-w-0 break-all">Signing in as {viewer.email}</span>
        <SignOutButton variant="ghost" />
      </div>
    </Card>
  );
}
