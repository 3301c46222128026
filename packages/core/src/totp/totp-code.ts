import { Secret, TOTP } from "otpauth";
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS, TOTP_SECRET_BYTES, TOTP_WINDOW_STEPS } from "../policy.js";

/**
 * RFC 6238 with the parameters every authenticator app reads from a QR code (SHA-1, 30 s, 6
 * digits); the HOTP arithmetic and the otpauth:// URI are the otpauth library's.
 */

/** A new random secret, base32 as apps and the otpauth URI carry it. */
export function generateTotpSecret(): string {
  return new Secret({ size: TOTP_SECRET_BYTES }).base32;
}

const totpOf = (secretBase32: string, label = "", issuer = "") =>
  new TOTP({ issuer, label, algorithm: "SHA1", digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });

/** The otpauth:// URI an app scans: "<issuer>:<account>" with the issuer parameter too. */
export function totpUri(input: { secretBase32: string; issuer: string; accountName: string }): string {
  return totpOf(input.secretBase32, input.accountName, input.issuer).toString();
}

/** The 30-second step a moment falls in. */
export const totpStepAt = (nowMs: number) => Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);

/**
 * The step whose code `code` is, within TOTP_WINDOW_STEPS either side of now; null when none is.
 * otpauth compares in constant time. Whether the step was used before is the store's to say.
 */
export function matchTotpStep(secretBase32: string, code: string, nowMs: number): number | null {
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: nowMs, window: TOTP_WINDOW_STEPS });
  return delta === null ? null : totpStepAt(nowMs) + delta;
}

/** The code for a moment, as an app would show it (tests, and the operator's checks). */
export function totpCodeAt(secretBase32: string, nowMs: number): string {
  return totpOf(secretBase32).generate({ timestamp: nowMs });
}
