import { z } from "zod";

/**
 * Where mail goes (security notices, password-reset links): an SMTP server, or the dev mail outbox
 * (a table /dev/mail shows). In production mail must reach people: without SMTP_URL start-up is
 * refused, unless a staging deployment opts in to the mail outbox with a value that says what it
 * costs, and then only an OUTBOX_TOKEN holder may read it (reset links are in it).
 */

/** The one value that turns the mail outbox on in production. */
export const STAGING_MAIL_OUTBOX_OPT_IN = "i-understand-mail-is-readable";

export type MailConfig = { provider: "smtp"; url: string; from: string } | { provider: "outbox"; stagingOptIn: boolean };

// Same rule as env.ts: `NAME=` in a .env file means unset.
const blankAsAbsent = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/** An address, or a display name and an address: `noreply@example.com`, `"Example" <noreply@example.com>`. */
const MAIL_FROM_PATTERN = /^(?:[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+)$/;

/** Fields spread into env.ts's schema. */
export const mailEnv = {
  SMTP_URL: blankAsAbsent(z.string().regex(/^smtps?:\/\/[^\s/]+/, "must be smtp://user:pass@host:587 or smtps://user:pass@host:465")),
  MAIL_FROM: blankAsAbsent(z.string().regex(MAIL_FROM_PATTERN, 'an address such as noreply@example.com or "Example" <noreply@example.com>')),
  TWOSTEP_STAGING_MAIL_OUTBOX: blankAsAbsent(z.literal(STAGING_MAIL_OUTBOX_OPT_IN, { error: `the only accepted value is ${STAGING_MAIL_OUTBOX_OPT_IN}` })),
};

type MailEnv = z.infer<z.ZodObject<typeof mailEnv>>;

export function readMailConfig(env: MailEnv & { OUTBOX_TOKEN?: string }, mode: "development" | "production" | "test", problems: string[]): MailConfig {
  if (env.SMTP_URL) {
    if (!env.MAIL_FROM) problems.push('MAIL_FROM: required with SMTP_URL, the From address of every mail (e.g. "Example" <noreply@example.com>)');
    if (mode === "production" && turnsOffCertificateCheck(env.SMTP_URL)) {
      problems.push(
        "SMTP_URL: tls.rejectUnauthorized turns off the check of the mail server's certificate in production, so anyone on the path " +
          "could pose as it and read the SMTP password and every password-reset link. Remove it and give the server a certificate it can prove; " +
          "a relay on this machine may be reached as smtp://localhost:25 without TLS",
      );
    }
    return { provider: "smtp", url: env.SMTP_URL, from: env.MAIL_FROM ?? "" };
  }
  const stagingOptIn = env.TWOSTEP_STAGING_MAIL_OUTBOX === STAGING_MAIL_OUTBOX_OPT_IN;
  if (mode === "production") {
    if (!stagingOptIn) {
      problems.push(
        "SMTP_URL: required in production, so security notices and password-reset links reach people (with MAIL_FROM). " +
          `On a staging deployment only, TWOSTEP_STAGING_MAIL_OUTBOX=${STAGING_MAIL_OUTBOX_OPT_IN} keeps mail in the dev mail outbox instead`,
      );
    } else if (!env.OUTBOX_TOKEN) {
      problems.push("OUTBOX_TOKEN: required in production when the mail outbox holds password-reset links; readers must present it (openssl rand -base64 32)");
    }
  }
  return { provider: "outbox", stagingOptIn };
}

/**
 * Whether SMTP_URL's query sets tls.rejectUnauthorized to anything but true. nodemailer passes
 * `tls.*` query options to the TLS socket, and the only use of this one is turning the
 * certificate check off (requireTLS, forced for a non-loopback host, would then protect nothing).
 * Refused whatever the host: a relay on loopback needs no TLS at all.
 */
function turnsOffCertificateCheck(smtpUrl: string): boolean {
  let query: URLSearchParams;
  try {
    query = new URL(smtpUrl).searchParams;
  } catch {
    return false; // the pattern above already refused it
  }
  return query.getAll("tls.rejectUnauthorized").some((value) => value !== "true");
}
