import path from "node:path";
import { ConfigError, loadConfig, readSecret, type TwoStepConfig } from "@twostep/core/env";

/** The core's settings plus the reference app's own: the Auth.js secret. */
export type AppConfig = TwoStepConfig & { authSecret: string };

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
  if (core && authSecret && authSecret === core.codeHashKey) {
    problems.push("CODE_HASH_KEY: must differ from AUTH_SECRET, so one leaked key does not give away the other");
  }
  if (problems.length > 0 || !core) throw new ConfigError(problems);
  return { ...core, authSecret };
}
