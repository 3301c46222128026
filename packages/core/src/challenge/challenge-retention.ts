/**
 * How long a challenge is still known after its code expired: long enough for a late check to hear
 * "expired" or "already used" rather than "no code", and for a page to offer a resend to the same
 * number. Redis drops the key then (redis-challenge-store.ts); SQL keeps the row until the next
 * save, so the core judges by this on every store and a challenge past it is no challenge.
 */
export const CHALLENGE_RETENTION_AFTER_EXPIRY_MS = 60 * 60 * 1000;

/** False once the challenge is past its retention at `nowMs`: status and resend treat it as none. */
export const isRetained = (challenge: { expiresAtMs: number }, nowMs: number) =>
  challenge.expiresAtMs + CHALLENGE_RETENTION_AFTER_EXPIRY_MS > nowMs;
