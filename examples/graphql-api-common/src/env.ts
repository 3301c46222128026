import { randomBytes } from "node:crypto";
import type { Logger } from "@twostep/core";
import type { ServerOptions } from "./api.js";

/**
 * The examples' start-up env, read once by their main.ts:
 * - PORT (default 8911, the port of a Redwood or Cedar api side);
 * - DATABASE_URL: PostgreSQL; without it an embedded PGlite in memory (gone on exit);
 * - CODE_HASH_KEY: 32+ characters; without it a random key per run, so codes die with the process.
 */
export function serverOptionsFromEnv(env: Record<string, string | undefined>, logger: Logger): ServerOptions {
  const port = Number(env.PORT ?? 8911);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  const codeHashKey = env.CODE_HASH_KEY ?? randomBytes(32).toString("base64url");
  if (codeHashKey.length < 32) throw new Error("CODE_HASH_KEY must be at least 32 characters");
  if (!env.CODE_HASH_KEY) logger.warn("CODE_HASH_KEY is not set: using a random key for this run");
  return {
    database: env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteMemory: true },
    codeHashKey,
    port,
    secureCookies: false,
    logger,
  };
}
