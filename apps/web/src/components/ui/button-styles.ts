/**
 * Button looks, shared by <button>s and <Link>s so both read as the same control. Labels wrap
 * below the sm breakpoint: a long one must not push a 320 px screen sideways (WCAG 1.4.10).
 */
const base =
  "inline-flex min-h-11 max-w-full shrink-0 items-center justify-center gap-2 text-center sm:whitespace-nowrap rounded-lg px-4 py-2 text-sm font-semibold tabular-nums transition-colors " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 " +
  "disabled:cursor-not-allowed disabled:opacity-60";

const variants = {
  primary: "bg-indigo-600 text-white shadow-sm hover:bg-indigo-500 disabled:hover:bg-indigo-600",
  secondary: "bg-white text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:hover:bg-white",
  danger: "bg-rose-600 text-white shadow-sm hover:bg-rose-500 disabled:hover:bg-rose-600",
  ghost: "text-slate-700 hover:bg-slate-100",
} as const;

export type ButtonVariant = keyof typeof variants;

export function buttonClass(variant: ButtonVariant = "primary", extra = ""): string {
  return `${base} ${variants[variant]} ${extra}`.trim();
}

export const linkClass =
  "font-medium text-indigo-700 underline-offset-4 hover:underline focus-visible:rounded-sm " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
