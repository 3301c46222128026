import { MIN_SECRET_CHARS, secretStrengthProblem } from "./secret-strength.js";

export type SecurityWebhookConfig = { url: string; secret: string };

/**
 * SECURITY_WEBHOOK_URL and SECURITY_WEBHOOK_SECRET: both or neither. Without a secret a receiver
 * could not tell our events from anyone's, so a URL alone is refused rather than sent unsigned.
 */
export function readSecurityWebhook(source: Record<string, string | undefined>, mode: "development" | "production" | "test", problems: string[]): SecurityWebhookConfig | null {
  const url = source.SECURITY_WEBHOOK_URL?.trim() || undefined;
  const secret = source.SECURITY_WEBHOOK_SECRET?.trim() || undefined;
  if (!url && !secret) return null;
  if (!url) {
    problems.push("SECURITY_WEBHOOK_URL: required when SECURITY_WEBHOOK_SECRET is set");
    return null;
  }
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    problems.push("SECURITY_WEBHOOK_URL: not a URL");
  }
  if (parsed && parsed.protocol !== "https:" && !(parsed.protocol === "http:" && mode !== "production")) {
    problems.push("SECURITY_WEBHOOK_URL: must be https:// in production (http:// only outside it)");
  }
  if (parsed && (parsed.username !== "" || parsed.password !== "")) {
    // fetch refuses a URL with credentials, so every delivery would fail after a clean start.
    problems.push(
      "SECURITY_WEBHOOK_URL: must not hold a user name or password (https://user:pass@…): deliveries cannot be sent to such a URL. " +
        "Drop them; the receiver knows the sender by the X-Twostep-Signature made with SECURITY_WEBHOOK_SECRET",
    );
  }
  if (!secret || secret.length < MIN_SECRET_CHARS || new Set(secret).size < 8) {
    problems.push(`SECURITY_WEBHOOK_SECRET: required with SECURITY_WEBHOOK_URL, at least ${MIN_SECRET_CHARS} random characters (openssl rand -base64 32)`);
    return null;
  }
  // Whoever guesses it signs events receivers act on: no pattern in production, as for the other
  // secrets (env.ts refuses one related to another secret).
  const weak = secretStrengthProblem("SECURITY_WEBHOOK_SECRET", secret, mode);
  if (weak) {
    problems.push(weak);
    return null;
  }
  return { url, secret };
}
