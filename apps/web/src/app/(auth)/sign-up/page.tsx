import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { linkClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { getViewer } from "@/server/auth/viewer";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage() {
  const viewer = await getViewer();
  if (viewer.kind === "full") redirect("/dashboard");
  return (
    <Card
      headingLevel={1}
      id="sign-up"
      title="Create your account"
      description={
        <>
          Already have one?{" "}
          <Link href="/sign-in" className={linkClass}>
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm />
    </Card>
  );
}
