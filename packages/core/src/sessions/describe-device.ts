/**
 * "Firefox on macOS" from a user agent: enough for a person to recognise their own browser in a
 * list, short, and with no version numbers (they fingerprint more than they help). Unknown parts
 * read as "Unknown browser" / "unknown system" rather than echoing the raw header.
 */
const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
  [/curl\//, "curl"],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, "iOS"],
  [/Android/, "Android"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Windows/, "Windows"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

export const DEVICE_DESCRIPTION_MAX_LENGTH = 60;

export function describeDevice(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? "Unknown browser";
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  return (system ? `${browser} on ${system}` : browser).slice(0, DEVICE_DESCRIPTION_MAX_LENGTH);
}

/**
 * `{ device }` for a sign-in event's detail, so the security log can say which browser signed in;
 * nothing when the request named no browser (an empty detail reads as before).
 */
export function deviceDetail(userAgent: string | null | undefined): { device?: string } {
  const device = describeDevice(userAgent);
  return device ? { device } : {};
}
