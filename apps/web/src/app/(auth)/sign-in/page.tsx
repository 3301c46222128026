import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { linkClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { FlashToast } from "@/components/toast/flash-toast";
import { Notice } from "@/components/ui/notice";
import { describeFailure } from "@twostep/core";
import { afterSignInPath, sameOriginPath } from "@/server/auth/callback-url";
import { getViewer } from "@/server/auth/viewer";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await getViewer();
  const params = await searchParams;
  // Where the proxy found the visitor signed out (path and query on this origin, else nothing).
  const callbackUrl = sameOriginPath(params.callbackUrl) ?? undefined;
  if (viewer.kind === "full") redirect(afterSignInPath(callbackUrl));
  // Auth.js sends failed sign-ins made outside this page (its own endpoint) here as ?error=…&code=….
  const authError = typeof params.error === "string" ? signInFailure(params.code) : null;
  // "Sign in again" from a form whose session ended (session-ended-message.tsx); the form fills in
  // the email that link kept for it.
  const timedOut = params["timed-out"] === "1";
  return (
    <>
      {params["signed-out"] === "1" && <FlashToast message="You are signed out." />}
      <Card
        headingLevel={1}
        id="sign-in"
        title="Sign in"
        description={
          <>
            New here?{" "}
            <Link href="/sign-up" className={linkClass}>
              Create an account
            </Link>
          </>
        }
      >
        {viewer.kind === "pending" && (
          <Notice tone="info">
            <Link href="/verify" className={linkClass}>
              Continue signing in as {viewer.email}
            </Link>
            , or sign in with another account below.
          </Notice>
        )}
        {authError && <Notice tone="error">{describeFailure({ code: authError })}</Notice>}
        {params["password-reset"] === "1" && (
          <Notice tone="success" title="Password changed">
            Every browser signed in to your account was signed out. Sign in with your new password.
          </Notice>
        )}
        {params["account-created"] === "1" && (
          <Notice tone="success" title="Account created">
            Sign in with your email and the password you chose.
          </Notice>
        )}
        {timedOut && !authError && <Notice tone="info">Your session ended before you finished. Sign in again to continue.</Notice>}
        <SignInForm callbackUrl={callbackUrl} />
      </Card>
    </>
  );
}

function signInFailure(code: unknown) {
  if (code === "rate_limited") return "RATE_LIMITED" as const;
  if (code === "unavailable") return "UNAVAILABLE" as const;
  return "INVALID_CREDENTIALS" as const;
}
