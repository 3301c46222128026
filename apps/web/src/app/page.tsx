import Link from "next/link";
import { redirect } from "next/navigation";
import { Brand } from "@/components/brand";
import { buttonClass } from "@/components/ui/button-styles";
import { getViewer } from "@/server/auth/viewer";

/** Someone already signed in has nothing to do here: the dashboard (or their code page) is the start. */
export default async function HomePage() {
  const viewer = await getViewer();
  if (viewer.kind === "full") redirect("/dashboard");
  if (viewer.kind === "pending") redirect("/verify");
  return (
    <div className="flex min-h-screen flex-col px-4 py-10 sm:py-16">
      <header className="mx-auto w-full max-w-xl">
        <Brand />
      </header>
      <main id="main" className="mx-auto flex w-full max-w-xl flex-1 flex-col justify-center gap-6 py-12">
        <h1 className="text-4xl font-semibold tracking-tight text-balance text-slate-900 sm:text-5xl">
          Sign in with a password and a code by SMS.
        </h1>
        <p className="text-lg text-slate-600">
          Your password proves who you are; a one-time code sent to your phone proves it&apos;s really you typing it.
        </p>
        <div className="flex flex-wrap gap-3">
          <Link className={buttonClass("primary")} href="/sign-in">
            Sign in
          </Link>
          <Link className={buttonClass("secondary")} href="/sign-up">
            Create account
          </Link>
        </div>
      </main>
    </div>
  );
}
