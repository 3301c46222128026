/** A white panel with a heading: the unit every page is built from. */
export function Card({
  title,
  description,
  children,
  headingLevel = 2,
  id,
  aside,
}: {
  title: string;
  description?: React.ReactNode;
  children?: React.ReactNode;
  headingLevel?: 1 | 2;
  id?: string;
  /** Right of the title: a status badge. */
  aside?: React.ReactNode;
}) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section aria-labelledby={headingId} id={id} className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
      <div className="flex items-start justify-between gap-4">
        <Heading id={headingId} className={headingLevel === 1 ? "text-2xl font-semibold tracking-tight text-slate-900" : "text-lg font-semibold text-slate-900"}>
          {title}
        </Heading>
        {aside}
      </div>
      {description && <div className="mt-1.5 text-sm text-slate-600">{description}</div>}
      {children && <div className="mt-6 flex flex-col gap-5">{children}</div>}
    </section>
  );
}

export function Badge({ tone, children }: { tone: "on" | "off"; children: React.ReactNode }) {
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-semibold ring-1 ring-inset ${
        tone === "on" ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : "bg-slate-100 text-slate-700 ring-slate-300"
      }`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${tone === "on" ? "bg-emerald-500" : "bg-slate-400"}`} />
      {children}
    </span>
  );
}
