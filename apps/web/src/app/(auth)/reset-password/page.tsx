import type { Metadata } from "next";
import Link from "next/link";
import { describeFailure } from "@twostep/core";
import { linkClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { getTwoStep } from "@/server/twostep";
import { ResetPasswordForm } from "./reset-password-form";

// The token is in this page's URL: no-referrer here (next.config.ts sends the header too), so no
// link or resource on the page carries it elsewhere.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

/** Open to anyone holding a link; the link is checked first, so a dead one is said before a password is typed. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : null;
  const twostep = await getTwoStep();
  const check = token ? await twostep.accounts.checkResetLink({ token }) : ({ ok: false, code: "RESET_LINK_INVALID" } as const);
  return (
    <Card headingLevel={1} id="reset-password" title="Choose a new password" description="Choosing a new password signs out every browser signed in to your account.">
      {check.ok ? (
        <ResetPasswordForm token={token ?? ""} />
      ) : (
        <Notice tone="error">
          <p data-code={check.code}>{describeFailure(check)}</p>
          <p className="mt-2">
            <Link href="/forgot-password" className={linkClass}>
              Ask for a new link
            </Link>
          </p>
        </Notice>
      )}
    </Card>
  );
}
