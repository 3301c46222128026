import type { InputHTMLAttributes } from "react";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> & {
  /** The visible label; tests and screen readers find the field by it. */
  label: string;
  name: string;
  id?: string;
  /** Standing help under the field. */
  hint?: string;
  /** Marks the field invalid and is read with it; the text itself is in a toast and the form's message. */
  invalid?: boolean;
  describedBy?: string;
};

/** A labelled input with its hint tied to it (aria-describedby), sized for thumbs (44 px). */
export function TextField({ label, name, id = name, hint, invalid = false, describedBy, className = "", ...input }: Props) {
  const hintId = hint ? `${id}-hint` : undefined;
  const described = [hintId, describedBy].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={described}
        className={
          "block min-h-11 w-full rounded-lg border-0 bg-white px-3 py-2 text-base text-slate-900 shadow-sm ring-1 ring-inset " +
          "placeholder:text-slate-400 focus:outline-none focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:text-sm " +
          (invalid ? "ring-rose-500 " : "ring-slate-300 ") +
          className
        }
        {...input}
      />
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}
