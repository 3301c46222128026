import Link from "next/link";
import { Brand } from "@/components/brand";
import { buttonClass } from "@/components/ui/button-styles";

export default function NotFound() {
  return (
    <div className="flex min-h-screen flex-col items-center px-4 py-10 sm:py-16">
      <Brand />
      <main id="main" className="mt-16 flex max-w-md flex-col items-center gap-4 text-center">
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">We can&apos;t find that page</h1>
        <p className="text-slate-600">The address may be mistyped, or the page has moved.</p>
        <Link href="/" className={buttonClass("primary")}>
          Go to the home page
        </Link>
      </main>
    </div>
  );
}
