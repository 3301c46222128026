"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { SmsCountry } from "@twostep/core";

/** Fewer countries than this fit in a plain list: no filter field. */
const FILTER_FROM_COUNT = 6;

type Props = {
  /** The <select>'s id; its filter field is `${id}-filter`. */
  id: string;
  countries: readonly SmsCountry[];
  value: string;
  onChange(code: string): void;
  /** The number field: Enter in the filter moves there instead of submitting the form. */
  nextFieldId: string;
};

/**
 * The country a number typed without its "+" code is read in. A native <select> (every screen
 * reader and keyboard knows it; typing a letter on it jumps too) with a filter field before it:
 * typing "ger", "+49" or "de" narrows the list and picks the first match, so Tab goes on with it
 * chosen. Only the countries we send SMS to are offered.
 */
export function CountryPicker({ id, countries, value, onChange, nextFieldId }: Props) {
  const [filter, setFilter] = useState("");
  const selectRef = useRef<HTMLSelectElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  // React resets a form after its action, after updating the fields: put back what state says,
  // so a failed send keeps the country the number was read in.
  useEffect(() => {
    if (selectRef.current && selectRef.current.value !== value) selectRef.current.value = value;
    if (filterRef.current && filterRef.current.value !== filter) filterRef.current.value = filter;
  });
  const selectId = id;
  const matches = countries.filter((country) => matchesFilter(country, filter));
  // The chosen country stays listed when nothing matches, so the <select> never goes blank.
  const shown = matches.length > 0 ? matches : countries.filter((c) => c.code === value);

  function narrow(text: string) {
    setFilter(text);
    const first = countries.find((country) => matchesFilter(country, text));
    if (first && !countries.some((c) => c.code === value && matchesFilter(c, text))) onChange(first.code);
  }

  function onFilterKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    document.getElementById(nextFieldId)?.focus();
  }

  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={selectId} className="text-sm font-medium text-slate-800">
        Country
      </label>
      {countries.length >= FILTER_FROM_COUNT && (
        <input
          type="search"
          ref={filterRef}
          id={`${id}-filter`}
          aria-label="Filter countries"
          aria-controls={selectId}
          placeholder="Type to filter: name, code or +44"
          value={filter}
          onChange={(event) => narrow(event.target.value)}
          onKeyDown={onFilterKey}
          autoComplete="off"
          maxLength={40}
          className="block min-h-11 w-full rounded-lg border-0 bg-white px-3 py-2 text-base text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:outline-none focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:text-sm"
        />
      )}
      <select
        ref={selectRef}
        id={selectId}
        name="country"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete="country"
        className="block min-h-11 w-full rounded-lg border-0 bg-white px-3 py-2 text-base text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:outline-none focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:text-sm"
      >
        {shown.map((country) => (
          <option key={country.code} value={country.code}>
            {country.name} (+{country.callingCode})
          </option>
        ))}
      </select>
      <p className="sr-only" aria-live="polite">
        {filter.trim() === "" ? "" : matches.length === 0 ? "No country we send SMS to matches." : `${matches.length} ${matches.length === 1 ? "country matches" : "countries match"}.`}
      </p>
    </div>
  );
}

/** By the start of any word of the name, the ISO code, or the calling code ("+44" or "44"). */
function matchesFilter(country: SmsCountry, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  if (wanted === "") return true;
  const digits = wanted.replace(/^\+/, "");
  if (/^\d+$/.test(digits)) return country.callingCode.startsWith(digits);
  if (country.code.toLowerCase() === wanted) return true;
  const name = country.name.toLowerCase();
  return name.startsWith(wanted) || name.split(/[\s-]+/).some((word) => word.startsWith(wanted));
}
