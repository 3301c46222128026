import path from "node:path";
import { ConfigError, readSecret } from "@twostep/core/env";

export type AppEnv = {
  mode: "development" | "production";
  /** Folder of the embedded PGlite database (and, outside production, generated dev secrets). */
  dataDir: string;
  /** Signs and encrypts the Auth.js session cookie. */
  authSecret: string;
  /** The key twostep hashes codes and backup codes under; never stored in the database. */
  codeHashKey: string;
  /** Where people reach the app (APP_ORIGIN); its host ends each SMS, for browsers' code autofill. */
  origin: URL;
};

/**
 * Read once, at first use. In production both secrets are required; in development a missing one
 * is generated once and kept in the data folder, so a fresh clone runs with `npm run dev` alone.
 */
function loadEnv(): AppEnv {
  const mode = process.env.NODE_ENV === "production" ? "production" : "development";
  // Chosen at run time: the build must not trace (and ship) whatever folder this names.
  const dataDir = path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR ?? ".data");
  const problems: string[] = [];
  const where = { mode, dataDir } as const;
  const authSecret = readSecret(process.env, "AUTH_SECRET", where, problems);
  const codeHashKey = readSecret(process.env, "CODE_HASH_KEY", where, problems);
  const rawOrigin = process.env.APP_ORIGIN ?? "http://localhost:3000";
  const origin = URL.canParse(rawOrigin) ? new URL(rawOrigin) : null;
  if (!origin) problems.push("APP_ORIGIN: not a URL, e.g. https://app.example.com");
  if (problems.length > 0 || !origin) throw new ConfigError(problems);
  return { mode, dataDir, authSecret, codeHashKey, origin };
}

let env: AppEnv | null = null;
export const getEnv = (): AppEnv => (env ??= loadEnv());
