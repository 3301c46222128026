"use client";

import Link from "next/link";
import { Brand } from "@/components/brand";
import { buttonClass } from "@/components/ui/button-styles";
import { SERVICE_UNAVAILABLE_DIGEST } from "./service-unavailable-digest";

/**
 * Any error below the root layout. Production never sends server error details to the browser
 * (only an opaque digest, which the server log also carries), and this page shows no more. A store
 * that did not answer (server/unavailable.ts) keeps a known digest: the page then says the service
 * is temporarily unavailable. Next still answers such a page with status 500 (a rendering error has
 * no other status); API routes answer 503 (api/me).
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  const unavailable = digest === SERVICE_UNAVAILABLE_DIGEST;
  return (
    <main id="main" className="mx-auto flex min-h-[70vh] max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
      <Brand />
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
        {unavailable ? "Temporarily unavailable" : "Something went wrong"}
      </h1>
      <p className="text-slate-600">
        {unavailable
          ? "We can’t reach our data right now, so we can’t show this page. Please try again in a minute."
          : "We couldn’t finish that. Please try again in a moment."}
      </p>
      {digest && !unavailable && <p className="text-xs text-slate-500">Reference: {digest}</p>}
      <div className="flex flex-wrap justify-center gap-3">
        <button type="button" onClick={() => retry()} className={buttonClass("primary")}>
          Try again
        </button>
        <Link href="/" className={buttonClass("secondary")}>
          Home
        </Link>
      </div>
    </main>
  );
}
