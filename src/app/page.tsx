import Link from "next/link";

export default function HomePage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-6 px-6">
      <h1 className="text-3xl font-semibold tracking-tight">twostep</h1>
      <p className="text-slate-600">Email and password, then a one-time code by SMS.</p>
      <div className="flex gap-3">
        <Link className="rounded-md bg-slate-900 px-4 py-2 font-medium text-white" href="/sign-in">
          Sign in
        </Link>
        <Link className="rounded-md border border-slate-300 px-4 py-2 font-medium" href="/sign-up">
          Create account
        </Link>
      </div>
    </main>
  );
}
