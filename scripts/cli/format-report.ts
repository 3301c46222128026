import { formatDuration } from "@twostep/core";
import type { CountryPause, PumpingReport } from "@twostep/core";

/** Plain-text views of the SMS-pumping guard for `npm run twostep`; --json prints the objects instead. */

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const secondsUntil = (date: Date, now: Date) => Math.max(0, Math.ceil((date.getTime() - now.getTime()) / 1000));

export function formatStatus(report: PumpingReport): string {
  const { settings, globalDaily } = report;
  const lines = [
    `SMS-pumping guard, ${utc(report.at)}`,
    "",
    `Global daily budget: ${globalDaily.used} of ${globalDaily.budget} used, ${globalDaily.left} left` +
      (globalDaily.used > 0 ? ` (window resets in ${formatDuration(globalDaily.resetsInSeconds)})` : ""),
    `Pause rule: below ${settings.minConversionPercent}% of codes verified, after at least ${settings.minSends} sends ` +
      `in ${settings.windowMinutes} min, pauses a country for ${settings.pauseMinutes} min.`,
    "",
  ];
  const rows = report.countries.map((c) => [
    `+${c.callingCode}`,
    c.regions.join(" ") || "-",
    `${c.hourlyBudget.used}/${c.hourlyBudget.budget}`,
    String(c.hourlyBudget.left),
    String(c.conversion.sent),
    String(c.conversion.verified),
    c.conversion.percent === null ? "-" : `${c.conversion.percent}%${c.conversion.judged ? "" : " (too few to judge)"}`,
    c.pause ? `PAUSED until ${utc(c.pause.pausedUntil)}` : "sending",
  ]);
  lines.push(
    ...table(["CODE", "REGIONS", "USED/HOUR", "LEFT", "SENT", "VERIFIED", `CONVERSION (${settings.windowMinutes} MIN)`, "STATE"], rows),
  );
  lines.push("", formatPaused(report.paused, report.at));
  return lines.join("\n");
}

export function formatPaused(paused: CountryPause[], now: Date): string {
  if (paused.length === 0) return "No country is paused.";
  const lines = [`Paused (${paused.length}):`];
  for (const p of paused) {
    lines.push(
      `  +${p.callingCode} until ${utc(p.pausedUntil)} (${formatDuration(secondsUntil(p.pausedUntil, now))} left), since ${utc(p.createdAt)}`,
      `      why: ${p.reason}`,
      `      lift: npm run twostep -- resume ${p.callingCode}`,
    );
  }
  return lines.join("\n");
}

export function formatResumed(callingCode: string, result: { resumed: true; pause: CountryPause } | { resumed: false }): string {
  if (!result.resumed) return `+${callingCode} is not paused; nothing to do.`;
  return [
    `Lifted the pause on +${callingCode}; SMS to it are sent again (by every app instance, from its next send).`,
    `It was paused until ${utc(result.pause.pausedUntil)} because: ${result.pause.reason}`,
  ].join("\n");
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(header), ...rows.map(line)];
}
