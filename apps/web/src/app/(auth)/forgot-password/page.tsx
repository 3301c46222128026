import type { Metadata } from "next";
import Link from "next/link";
import { linkClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

/** Open to anyone: asking for a link says nothing about whether the address has an account. */
export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const email = typeof params.email === "string" && params.email.length <= 254 ? params.email : undefined;
  return (
    <Card
      headingLevel={1}
      id="forgot-password"
      title="Reset your password"
      description={
        <>
          We will email you a link to choose a new one. Remembered it?{" "}
          <Link href="/sign-in" className={linkClass}>
            Sign in
          </Link>
        </>
      }
    >
      <ForgotPasswordForm initialEmail={email} />
    </Card>
  );
}
