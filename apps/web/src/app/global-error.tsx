"use client";

import "./globals.css";

/** When even the root layout failed: its own document, still no details of the failure. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <title>Something went wrong · twostep</title>
        <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
          <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
          <p className="text-slate-600">twostep couldn&apos;t load this page. Please try again in a moment.</p>
          {digest && <p className="text-xs text-slate-500">Reference: {digest}</p>}
          <div className="flex gap-3">
            <button
              type="button"
              onClick={() => retry()}
              className="min-h-11 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              Try again
            </button>
            {/* A plain link: the router may be what failed. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
            <a href="/" className="min-h-11 rounded-lg px-4 py-2 text-sm font-semibold text-slate-900 ring-1 ring-slate-300 hover:bg-white">
              Home
            </a>
          </div>
        </main>
      </body>
    </html>
  );
}
