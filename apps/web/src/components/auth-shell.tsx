import { Brand } from "./brand";

/** The frame of the signed-out pages: the mark on top, one narrow column, centred. */
export function AuthShell({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center px-4 py-10 sm:py-16">
      {/* In a landmark, so a screen reader's landmark list starts with whose site this is. */}
      <header>
        <Brand />
      </header>
      <main id="main" className="mt-8 w-full max-w-md">
        {children}
      </main>
      <footer className="mt-auto pt-10 text-center text-xs text-slate-500">
        Codes are sent by SMS. We never ask for them by phone or email.
      </footer>
    </div>
  );
}
