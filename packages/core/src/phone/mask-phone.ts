/**
 * Phone numbers are personal data: logs and pages show only the last digits.
 * "+14155550123" -> "+1••••••0123" (maskPhone) and "0123" (phoneLastDigits).
 */
const VISIBLE_DIGITS = 4;

export function phoneLastDigits(e164: string): string {
  const digits = e164.replace(/\D/g, "");
  return digits.slice(-VISIBLE_DIGITS);
}

export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, "");
  if (digits.length <= VISIBLE_DIGITS + 1) return "•".repeat(digits.length);
  // Keep the country calling code's first digit so operators can tell regions apart.
  const hidden = digits.length - VISIBLE_DIGITS - 1;
  return `+${digits[0]}${"•".repeat(hidden)}${digits.slice(-VISIBLE_DIGITS)}`;
}
