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
  /** Session cookie `Secure` (and `__Secure-` named): true when APP_ORIGIN is https. */
  secureCookies: boolean;
};

/**
 * Read once, at first use. In production both secrets are required; in development a missing one
 * is generated once and kept in the data folder, so a fresh clone runs with `npm run dev` alone.
 */
function loadEnv(): AppEnv {
  const mode = process.env.NODE_ENV === "production" ? "production" : "development";
  const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
  const problems: string[] = [];
  const where = { mode, dataDir } as const;
  const authSecret = readSecret(process.env, "AUTH_SECRET", where, problems);
  const codeHashKey = readSecret(process.env, "CODE_HASH_KEY", where, problems);
  const origin = process.env.APP_ORIGIN ?? "http://localhost:3000";
  if (!URL.canParse(origin)) problems.push(`APP_ORIGIN: not a URL (${origin})`);
  if (problems.length > 0) throw new ConfigError(problems);
  return { mode, dataDir, authSecret, codeHashKey, secureCookies: origin.startsWith("https:") };
}

let env: AppEnv | null = null;
export const getEnv = (): AppEnv => (env ??= loadEnv());
