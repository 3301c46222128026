import { AppHeader } from "./app-header";
import { SessionEmailProvider } from "./session/session-email";

/** The frame of the signed-in pages. It does not check the session: each page does, first. */
export function AppPage({ email, current, children }: { email: string; current: "dashboard" | "security"; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader email={email} current={current} />
      <main id="main" className="mx-auto flex w-full max-w-4xl flex-1 flex-col gap-6 px-4 py-8 sm:px-6 sm:py-10">
        <SessionEmailProvider email={email}>{children}</SessionEmailProvider>
      </main>
    </div>
  );
}
