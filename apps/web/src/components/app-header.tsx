import Link from "next/link";
import { Brand } from "./brand";
import { SignOutButton } from "./sign-out-button";

const navLink =
  "rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 aria-[current=page]:bg-slate-100 aria-[current=page]:text-slate-900";

/** Top bar of the signed-in pages. `current` marks the page we are on for screen readers too. */
export function AppHeader({ email, current }: { email: string; current: "dashboard" | "security" }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Brand href="/dashboard" />
        <div className="order-2 flex items-center gap-3 sm:order-3">
          <span className="hidden max-w-56 truncate text-sm text-slate-600 md:inline" title={email}>
            {email}
          </span>
          <SignOutButton variant="ghost" />
        </div>
        <nav aria-label="Account" className="order-3 -mx-3 flex w-full gap-1 sm:order-2 sm:mx-0 sm:w-auto sm:flex-1">
          <Link href="/dashboard" className={navLink} aria-current={current === "dashboard" ? "page" : undefined}>
            Dashboard
          </Link>
          <Link href="/settings/security" className={navLink} aria-current={current === "security" ? "page" : undefined}>
            Security
          </Link>
        </nav>
      </div>
    </header>
  );
}
