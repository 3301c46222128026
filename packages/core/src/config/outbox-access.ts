import { z } from "zod";
import { secretStrengthProblem } from "./secret-strength.js";

/**
 * The outbox keeps every SMS it "sends", codes included, for a page to show. That is the point in
 * development and the end of the second factor anywhere real people sign in. So in production:
 * the outbox as sender needs an opt-in whose value says what it costs, and any readable outbox
 * (the outbox sender, or test numbers next to a real provider) needs a token to read it.
 */

/** The one value that turns the outbox on in production; anything else is refused. */
export const STAGING_OUTBOX_OPT_IN = "i-understand-codes-are-readable";

/** Shortest OUTBOX_TOKEN: as long as the other secrets, so guessing it is no shortcut. */
export const OUTBOX_TOKEN_MIN_CHARS = 32;

export type OutboxAccess = {
  /** TWOSTEP_STAGING_OUTBOX was given the opt-in value: a production build that is a staging deployment. */
  stagingOptIn: boolean;
  /**
   * OUTBOX_TOKEN: what a reader of the outbox must present (header or cookie). Always set in
   * production when anything is readable; null elsewhere when not configured (open, as in development).
   */
  token: string | null;
};

// Same rule as env.ts: `NAME=` in a .env file means unset.
const blankAsAbsent = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/** Fields spread into env.ts's schema. */
export const outboxAccessEnv = {
  TWOSTEP_STAGING_OUTBOX: blankAsAbsent(z.literal(STAGING_OUTBOX_OPT_IN, { error: `the only accepted value is ${STAGING_OUTBOX_OPT_IN}` })),
  OUTBOX_TOKEN: blankAsAbsent(
    z.string().min(OUTBOX_TOKEN_MIN_CHARS, `at least ${OUTBOX_TOKEN_MIN_CHARS} random characters (openssl rand -base64 32)`),
  ),
};

type OutboxAccessEnv = z.infer<z.ZodObject<typeof outboxAccessEnv>>;

export function readOutboxAccess(
  env: OutboxAccessEnv,
  where: { mode: "development" | "production" | "test"; outboxSender: boolean; smsTestNumbers: boolean },
  problems: string[],
): OutboxAccess {
  const stagingOptIn = env.TWOSTEP_STAGING_OUTBOX === STAGING_OUTBOX_OPT_IN;
  const token = env.OUTBOX_TOKEN ?? null;
  if (where.mode !== "production") return { stagingOptIn, token };
  if (where.outboxSender && !stagingOptIn) {
    problems.push(
      "SMS_PROVIDER=outbox in production: every SMS, with its code, would be kept for anyone to read, so no account would " +
        `have a second factor. Use Plivo, or, on a staging deployment only, set TWOSTEP_STAGING_OUTBOX=${STAGING_OUTBOX_OPT_IN} and OUTBOX_TOKEN`,
    );
  }
  if ((where.outboxSender || where.smsTestNumbers) && !token) {
    const what = where.outboxSender ? "the outbox holds every code sent" : "SMS_TEST_NUMBERS=enabled keeps the codes sent to test numbers readable";
    problems.push(`OUTBOX_TOKEN: required in production when ${what}; readers must present it (openssl rand -base64 32)`);
  }
  // The token opens codes and reset links: the rule of the other secrets, not length alone
  // (env.ts also refuses one related to CODE_HASH_KEY or TOTP_ENCRYPTION_KEY).
  const weak = token ? secretStrengthProblem("OUTBOX_TOKEN", token, where.mode) : null;
  if (weak) problems.push(weak);
  return { stagingOptIn, token };
}
