import path from "node:path";
import { z } from "zod";
import { CODE_TTL_MINUTES_DEFAULT, CODE_TTL_MINUTES_MAX, SENDS_GLOBAL_PER_HOUR_DEFAULT } from "../policy.js";
import { readSmsPumpingConfig, smsPumpingEnv, type SmsPumpingConfig } from "./sms-pumping-config.js";
import { loadDevSecret } from "./dev-secrets.js";
import { DEFAULT_ALLOWED_COUNTRIES, parseCountryList } from "./countries.js";
import { readOutboxAccess, outboxAccessEnv, type OutboxAccess } from "./outbox-access.js";
import { relatedSecretsProblems, secretStrengthProblem } from "./secret-strength.js";
import { TABLE_PREFIX_PATTERN } from "../adapters/sql/table-prefix.js";
import type { ClusterNodeAddress } from "../adapters/redis/open-redis.js";
import { redisClusterNodesSetting } from "./redis-cluster-nodes.js";
import { readSecurityWebhook, type SecurityWebhookConfig } from "./security-webhook-config.js";
import { mailEnv, readMailConfig, type MailConfig } from "./mail-config.js";
import { productionHttpsProblem } from "./loopback.js";
import { SESSION_ABSOLUTE_SECONDS_DEFAULT, SESSION_IDLE_SECONDS_DEFAULT } from "../sessions/session-policy.js";
import { TRUSTED_DEVICE_DAYS_DEFAULT, TRUSTED_DEVICE_DAYS_MAX } from "../trusted-devices/trusted-device-policy.js";
import { SMS_LOG_RETENTION_DAYS_DEFAULT, SMS_LOG_RETENTION_DAYS_MAX } from "../retention/retention-policy.js";

/**
 * Every setting, read once at start-up into a typed object. Nothing else reads process.env.
 * A missing or malformed value stops start-up with a message naming the variable and why.
 */

export { DEFAULT_ALLOWED_COUNTRIES };

// .env files often hold `NAME=` for "unset": treat empty strings as absent.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number such as +14155550123");
const countryList = z
  .string()
  .transform(parseCountryList)
  .pipe(z.array(z.string().regex(/^[A-Z]{2}$/, "must be ISO 3166-1 alpha-2 codes, e.g. US,GB")).min(1));

const envSchema = z.object({
  NODE_ENV: optional(z.enum(["development", "production", "test"])),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres://")),
  DATABASE_TABLE_PREFIX: optional(z.string().regex(TABLE_PREFIX_PATTERN, "a lower-case letter, then up to 30 lower-case letters, digits or _ (e.g. twostep_)")),
  DATA_DIR: optional(z.string()),
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://")),
  REDIS_CLUSTER_NODES: optional(redisClusterNodesSetting),
  REDIS_KEY_PREFIX: optional(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "letters, digits, _ . - only (up to 64)")),
  CODE_HASH_KEY: optional(z.string()),
  TOTP_ENCRYPTION_KEY: optional(z.string()),
  TWO_FACTOR_POLICY: optional(z.enum(["optional", "required"])),
  PLIVO_AUTH_ID: optional(z.string().min(1)),
  PLIVO_AUTH_TOKEN: optional(z.string().min(1)),
  PLIVO_PHONE_NUMBER: optional(e164),
  PLIVO_API_URL: optional(z.url({ protocol: /^https?$/ })),
  SMS_PROVIDER: optional(z.enum(["plivo", "outbox"])),
  SMS_TEST_NUMBERS: optional(z.enum(["enabled", "disabled"])),
  OTP_EXPIRY_MINUTES: optional(z.coerce.number().int().min(1).max(CODE_TTL_MINUTES_MAX)),
  SMS_ALLOWED_COUNTRIES: optional(countryList),
  SMS_GLOBAL_HOURLY_BUDGET: optional(z.coerce.number().int().min(1)),
  ...smsPumpingEnv,
  APP_NAME: optional(z.string().min(1).max(40)),
  APP_ORIGIN: optional(z.url({ protocol: /^https?$/ })),
  SESSION_ABSOLUTE_SECONDS: optional(z.coerce.number().int().min(1)),
  SESSION_IDLE_SECONDS: optional(z.coerce.number().int().min(1)),
  TRUSTED_DEVICE_DAYS: optional(z.coerce.number().int().min(0).max(TRUSTED_DEVICE_DAYS_MAX)),
  SMS_LOG_RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(SMS_LOG_RETENTION_DAYS_MAX)),
  LOG_LEVEL: optional(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])),
  ...outboxAccessEnv,
  ...mailEnv,
});

export type SmsConfig =
  | { provider: "plivo"; authId: string; authToken: string; from: string; apiUrl: string }
  | { provider: "outbox" };

export type TwoStepConfig = {
  env: "development" | "production" | "test";
  dataDir: string;
  /** tablePrefix starts every twostep table name (DATABASE_TABLE_PREFIX); absent means none. */
  database: ({ url: string } | { pgliteDir: string }) & { tablePrefix?: string };
  redisUrl: string | null;
  /** A Redis Cluster instead (REDIS_CLUSTER_NODES): some of its nodes; null when not configured. */
  redisClusterNodes: ClusterNodeAddress[] | null;
  /** First part of every Redis key, so several deployments can share one Redis. */
  redisKeyPrefix: string;
  codeHashKey: string;
  /** AES-256-GCM key (via HKDF) for authenticator-app secrets; never the code-hash key. */
  totpEncryptionKey: string;
  /** TWO_FACTOR_POLICY: "required" makes a user with no factor enroll one before anything else. */
  twoFactorPolicy: "optional" | "required";
  sms: SmsConfig;
  codeTtlMinutes: number;
  allowedCountries: ReadonlySet<string>;
  globalSendsPerHour: number;
  appName: string;
  origin: URL;
  logLevel: string;
  /**
   * Test numbers (+1 201 555 0100–0199, core/sms/test-numbers.ts) go to the outbox, never to
   * Plivo. SMS_TEST_NUMBERS=enabled|disabled; on by default except in production.
   */
  smsTestNumbers: boolean;
  /** Budgets per country calling code and per day, and the conversion pause (core/pumping). */
  smsPumping: SmsPumpingConfig;
  /** Sessions: from sign-in to their absolute end, and unused until they end (SESSION_ABSOLUTE_SECONDS, SESSION_IDLE_SECONDS). */
  sessionLifetimes: { absoluteSeconds: number; idleSeconds: number };
  /** Days "Trust this browser" lasts (TRUSTED_DEVICE_DAYS, default 30); 0 turns the feature off. */
  trustedDeviceDays: number;
  /** Days the SMS log keeps a message before the expired-record sweep deletes it (SMS_LOG_RETENTION_DAYS, default 90). */
  smsLogRetentionDays: number;
  /** Who may read the outbox (config/outbox-access.ts): the staging opt-in and the reader's token. */
  outboxAccess: OutboxAccess;
  /** Where security events are posted, signed (SECURITY_WEBHOOK_URL, SECURITY_WEBHOOK_SECRET); null when not set. */
  securityWebhook: SecurityWebhookConfig | null;
  /** Where mail goes (SMTP_URL + MAIL_FROM, or the dev mail outbox; config/mail-config.ts). */
  mail: MailConfig;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(source: Record<string, string | undefined> = process.env): TwoStepConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const env = parsed.data;
  const mode = env.NODE_ENV ?? "development";
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR ?? ".data");
  const problems: string[] = [];

  if (env.REDIS_URL && env.REDIS_CLUSTER_NODES) {
    problems.push("REDIS_CLUSTER_NODES: set either REDIS_URL (one Redis server) or REDIS_CLUSTER_NODES (a Redis Cluster), not both");
  }
  const codeHashKey = readSecret(source, "CODE_HASH_KEY", { mode, dataDir }, problems);
  const totpEncryptionKey = readSecret(source, "TOTP_ENCRYPTION_KEY", { mode, dataDir }, problems);

  const origin = readOrigin(env.APP_ORIGIN, mode, problems, source.PORT);
  const sms = selectSms(env, mode, problems);
  const smsPumping = readSmsPumpingConfig(env, problems);
  const smsTestNumbers = (env.SMS_TEST_NUMBERS ?? (mode === "production" ? "disabled" : "enabled")) === "enabled";
  const outboxAccess = readOutboxAccess(env, { mode, outboxSender: sms.provider === "outbox", smsTestNumbers }, problems);
  const securityWebhook = readSecurityWebhook(source, mode, problems);
  const mail = readMailConfig(env, mode, problems);
  // One leaked secret must not give away another: CODE_HASH_KEY and TOTP_ENCRYPTION_KEY always;
  // OUTBOX_TOKEN and SECURITY_WEBHOOK_SECRET against them and each other when set.
  problems.push(
    ...relatedSecretsProblems([
      { name: "CODE_HASH_KEY", value: codeHashKey },
      { name: "TOTP_ENCRYPTION_KEY", value: totpEncryptionKey },
      { name: "OUTBOX_TOKEN", value: outboxAccess.token },
      { name: "SECURITY_WEBHOOK_SECRET", value: securityWebhook?.secret },
    ]),
  );
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: mode,
    dataDir,
    database: {
      ...(env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: path.join(dataDir, "pglite") }),
      ...(env.DATABASE_TABLE_PREFIX ? { tablePrefix: env.DATABASE_TABLE_PREFIX } : {}),
    },
    redisUrl: env.REDIS_URL ?? null,
    redisClusterNodes: env.REDIS_CLUSTER_NODES ?? null,
    redisKeyPrefix: env.REDIS_KEY_PREFIX ?? "twostep",
    codeHashKey,
    totpEncryptionKey,
    twoFactorPolicy: env.TWO_FACTOR_POLICY ?? "optional",
    sms,
    codeTtlMinutes: env.OTP_EXPIRY_MINUTES ?? CODE_TTL_MINUTES_DEFAULT,
    allowedCountries: new Set(env.SMS_ALLOWED_COUNTRIES ?? countryList.parse(DEFAULT_ALLOWED_COUNTRIES)),
    globalSendsPerHour: env.SMS_GLOBAL_HOURLY_BUDGET ?? SENDS_GLOBAL_PER_HOUR_DEFAULT,
    appName: env.APP_NAME ?? "twostep",
    origin,
    logLevel: env.LOG_LEVEL ?? (mode === "test" ? "silent" : "info"),
    smsTestNumbers,
    smsPumping,
    sessionLifetimes: {
      absoluteSeconds: env.SESSION_ABSOLUTE_SECONDS ?? SESSION_ABSOLUTE_SECONDS_DEFAULT,
      idleSeconds: env.SESSION_IDLE_SECONDS ?? SESSION_IDLE_SECONDS_DEFAULT,
    },
    trustedDeviceDays: env.TRUSTED_DEVICE_DAYS ?? TRUSTED_DEVICE_DAYS_DEFAULT,
    smsLogRetentionDays: env.SMS_LOG_RETENTION_DAYS ?? SMS_LOG_RETENTION_DAYS_DEFAULT,
    outboxAccess,
    securityWebhook,
    mail,
  };
}

/**
 * A secret from the environment: strong enough, required in production, generated (and kept in the
 * data folder) elsewhere. Exported so a host app reads its own secrets by the same rules.
 */
export function readSecret(
  source: Record<string, string | undefined>,
  name: string,
  where: { mode: TwoStepConfig["env"]; dataDir: string },
  problems: string[],
): string {
  const raw = source[name];
  const value = typeof raw === "string" && raw.trim() !== "" ? raw : undefined;
  if (value !== undefined) {
    const weak = secretStrengthProblem(name, value, where.mode);
    if (weak) problems.push(weak);
    return value;
  }
  if (where.mode === "production") {
    problems.push(`${name}: required in production (openssl rand -base64 32)`);
    return "";
  }
  return loadDevSecret(where.dataDir, name);
}

/** Outside production, the dev server's origin; in production there is no default. */
const DEV_ORIGIN = "http://localhost:3000";

/**
 * Outside production without APP_ORIGIN: the dev server on the port it listens on (`PORT`, as
 * `next dev` reads it), so a sign-up or reset link in the dev mail outbox opens the running app.
 */
function devOrigin(port: string | undefined): string {
  return port && /^[0-9]{1,5}$/.test(port) && Number(port) > 0 && Number(port) < 65536 ? `http://localhost:${Number(port)}` : DEV_ORIGIN;
}

/**
 * APP_ORIGIN: the session cookie's Secure flag, and every link in a mail or an SMS, follow it. In
 * production it is required and https (http only for a loopback host, a server reached on this
 * machine alone): a missing one must not quietly become http://localhost:3000.
 */
function readOrigin(value: string | undefined, mode: TwoStepConfig["env"], problems: string[], port?: string): URL {
  if (mode !== "production") return new URL(value ?? devOrigin(port));
  if (value === undefined) {
    problems.push(
      "APP_ORIGIN: required in production, the public https:// origin people reach the app at (e.g. https://auth.example.com); " +
        "session cookies are Secure and reset and notice links point there",
    );
    return new URL(DEV_ORIGIN);
  }
  const problem = productionHttpsProblem("APP_ORIGIN", value, "the public https:// origin (e.g. https://auth.example.com), TLS terminated in front of the app");
  if (problem) problems.push(problem);
  return new URL(value);
}

function selectSms(env: z.infer<typeof envSchema>, mode: TwoStepConfig["env"], problems: string[]): SmsConfig {
  const { PLIVO_AUTH_ID: authId, PLIVO_AUTH_TOKEN: authToken, PLIVO_PHONE_NUMBER: from } = env;
  const hasPlivo = Boolean(authId && authToken && from);
  if (mode === "production" && env.PLIVO_API_URL) {
    // The Plivo credentials ride on every request to it.
    const problem = productionHttpsProblem("PLIVO_API_URL", env.PLIVO_API_URL, "https://api.plivo.com (or leave it unset)");
    if (problem) problems.push(problem);
  }
  const wanted = env.SMS_PROVIDER ?? (hasPlivo ? "plivo" : mode === "production" ? "plivo" : "outbox");
  if (wanted === "outbox") return { provider: "outbox" };
  if (!authId) problems.push("PLIVO_AUTH_ID: required to send SMS through Plivo (or set SMS_PROVIDER=outbox outside real use)");
  if (!authToken) problems.push("PLIVO_AUTH_TOKEN: required to send SMS through Plivo");
  if (!from) problems.push("PLIVO_PHONE_NUMBER: required, the E.164 number SMS are sent from");
  return {
    provider: "plivo",
    authId: authId ?? "",
    authToken: authToken ?? "",
    from: from ?? "",
    apiUrl: env.PLIVO_API_URL ?? "https://api.plivo.com",
  };
}
