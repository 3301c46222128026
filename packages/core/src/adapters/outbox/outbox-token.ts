import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether a reader of the outbox presented the configured token. `expected` null means no token is
 * configured (development): open. Both sides are hashed first so the comparison takes the same
 * time whatever the lengths, and a wrong guess learns nothing from how long it took.
 */
export function outboxTokenMatches(expected: string | null, presented: string | null | undefined): boolean {
  if (expected === null) return true;
  if (!presented) return false;
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(expected), digest(presented));
}

/** The request header a reader sends the token in (scripts, tests). */
export const OUTBOX_TOKEN_HEADER = "x-twostep-outbox-token";
/** The cookie a person's browser sends it in (set it once, e.g. from the developer tools). */
export const OUTBOX_TOKEN_COOKIE = "twostep_outbox_token";
