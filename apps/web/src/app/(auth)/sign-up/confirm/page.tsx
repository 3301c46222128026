import type { Metadata } from "next";
import Link from "next/link";
import { describeFailure } from "@twostep/core";
import { linkClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { getTwoStep } from "@/server/twostep";
import { ConfirmSignUpForm } from "./confirm-sign-up-form";

// The token is in this page's URL: no-referrer here (next.config.ts sends the header too), so no
// link or resource on the page carries it elsewhere.
export const metadata: Metadata = { title: "Finish creating your account", referrer: "no-referrer" };

/** Open to anyone holding a link; the link is checked first, so a dead one is said before a password is typed. */
export default async function ConfirmSignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : null;
  const twostep = await getTwoStep();
  const check = token ? await twostep.accounts.checkSignUpLink({ token }) : ({ ok: false, code: "SIGN_UP_LINK_INVALID" } as const);
  return (
    <Card headingLevel={1} id="confirm-sign-up" title="Finish creating your account" description="Enter the password you chose when you signed up.">
      {check.ok ? (
        <ConfirmSignUpForm token={token ?? ""} email={check.email} />
      ) : (
        <Notice tone="error">
          <p data-code={check.code}>{describeFailure(check)}</p>
          <p className="mt-2">
            <Link href="/sign-up" className={linkClass}>
              Sign up again
            </Link>{" "}
            or{" "}
            <Link href="/sign-in" className={linkClass}>
              sign in
            </Link>
          </p>
        </Notice>
      )}
    </Card>
  );
}
