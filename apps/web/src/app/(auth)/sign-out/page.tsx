import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/sign-out-button";
import { linkClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { getViewer } from "@/server/auth/viewer";
import { ServiceUnavailableError } from "@/server/unavailable";

export const metadata: Metadata = { title: "Sign out" };

/** A GET only offers the button: signing out changes state, so it takes a POST (the action). */
export default async function SignOutPage() {
  // With the store down the session can't be read, but signing out needs no store (the action
  // clears the cookie regardless): the button is offered rather than the "unavailable" page.
  const viewer = await getViewer().catch((error: unknown) => {
    if (error instanceof ServiceUnavailableError) return null;
    throw error;
  });
  if (viewer === null) {
    return (
      <Card headingLevel={1} id="sign-out" title="Sign out?" description="We can't check your session just now, but you can still sign out of this browser.">
        <SignOutButton variant="primary" />
      </Card>
    );
  }
  if (viewer.kind === "anonymous") {
    return (
      <Card headingLevel={1} id="sign-out" title="You are signed out">
        <Link href="/sign-in" className={linkClass}>
          Sign in again
        </Link>
      </Card>
    );
  }
  return (
    <Card headingLevel={1} id="sign-out" title="Sign out?" description={<>You are signed in as {viewer.email}.</>}>
      <div className="flex flex-wrap items-center gap-4">
        <SignOutButton variant="primary" />
        <Link href={viewer.kind === "full" ? "/dashboard" : "/verify"} className={linkClass}>
          Stay signed in
        </Link>
      </div>
    </Card>
  );
}
