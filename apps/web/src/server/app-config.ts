import path from "node:path";
import { ConfigError, loadConfig, readSecret, relatedSecretsProblem, type TwoStepConfig } from "@twostep/core/env";

/** The core's settings plus the reference app's own: the Auth.js secret and the proxies in front. */
export type AppConfig = TwoStepConfig & {
  authSecret: string;
  /**
   * TRUSTED_PROXY_HOPS: how many reverse proxies in front of the app append to X-Forwarded-For
   * (client-ip.ts). 0, the default, trusts none and keys per-IP limits on the socket's address.
   */
  trustedProxyHops: number;
  /**
   * TWOSTEP_BENCH_COUNTERS=1: count database statements and Redis commands and answer them at
   * /api/bench/counters, for `npm run bench:http`. Off by default; never for a real deployment.
   */
  benchCounters: boolean;
};

/** More hops than any sane chain of proxies: a typo, not a deployment. */
const MAX_TRUSTED_PROXY_HOPS = 10;

/**
 * Every setting of the reference app, validated once. The core reads its own variables; the
 * session secret is the app's, read by the same rules (strong, required in production, generated
 * into the data folder elsewhere). All problems are reported together.
 */
export function loadAppConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const problems: string[] = [];
  let core: TwoStepConfig | null = null;
  try {
    core = loadConfig(source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const mode = core?.env ?? (source.NODE_ENV === "production" ? "production" : "development");
  const dataDir = core?.dataDir ?? path.resolve(/*turbopackIgnore: true*/ source.DATA_DIR || ".data");
  const authSecret = readSecret(source, "AUTH_SECRET", { mode, dataDir }, problems);
  if (core && authSecret) {
    // The session key apart from every core secret: one leaked value must not give away another.
    const others = [
      { name: "CODE_HASH_KEY", value: core.codeHashKey },
      { name: "TOTP_ENCRYPTION_KEY", value: core.totpEncryptionKey },
      { name: "OUTBOX_TOKEN", value: core.outboxAccess.token ?? "" },
      { name: "SECURITY_WEBHOOK_SECRET", value: core.securityWebhook?.secret ?? "" },
    ];
    for (const other of others) {
      const related = relatedSecretsProblem({ name: "AUTH_SECRET", value: authSecret }, other);
      if (related) problems.push(related);
    }
  }
  const trustedProxyHops = readTrustedProxyHops(source.TRUSTED_PROXY_HOPS, problems);
  const benchCounters = readBenchCounters(source.TWOSTEP_BENCH_COUNTERS, problems);
  if (problems.length > 0 || !core) throw new ConfigError(problems);
  return { ...core, authSecret, trustedProxyHops, benchCounters };
}

function readTrustedProxyHops(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === "") return 0;
  const hops = Number(raw.trim());
  if (!Number.isInteger(hops) || hops < 0 || hops > MAX_TRUSTED_PROXY_HOPS) {
    problems.push(`TRUSTED_PROXY_HOPS: a whole number from 0 (no proxy: the app is reached directly) to ${MAX_TRUSTED_PROXY_HOPS}`);
    return 0;
  }
  return hops;
}

function readBenchCounters(raw: string | undefined, problems: string[]): boolean {
  if (raw === undefined || raw.trim() === "" || raw.trim() === "0") return false;
  if (raw.trim() === "1") return true;
  problems.push("TWOSTEP_BENCH_COUNTERS: 1 (count store round trips for the benchmark) or 0");
  return false;
}
