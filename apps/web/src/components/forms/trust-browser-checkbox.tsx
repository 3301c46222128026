/** "Trust this browser" on the code pages; absent when the operator turned trusted devices off. */
export function TrustBrowserCheckbox({ days }: { days: number | null }) {
  if (!days) return null;
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" name="trustBrowser" className="size-4 accent-indigo-600" />
      Trust this browser for {days} {days === 1 ? "day" : "days"}
    </label>
  );
}
