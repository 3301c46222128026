import Link from "next/link";

/** The product mark: two steps in a rounded square. Inline SVG, so nothing loads from elsewhere. */
export function Brand({ href = "/" }: { href?: string }) {
  return (
    <Link
      href={href}
      className="inline-flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600"
    >
      <svg aria-hidden viewBox="0 0 32 32" className="size-8">
        <rect width="32" height="32" rx="9" className="fill-indigo-600" />
        <path d="M8 21h7v-5h9" fill="none" stroke="white" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="24" cy="11" r="2.5" fill="white" />
      </svg>
      twostep
    </Link>
  );
}
