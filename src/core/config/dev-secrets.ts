import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

type DevSecrets = { AUTH_SECRET: string; CODE_HASH_KEY: string };

/**
 * Outside production a fresh clone runs with no setup: missing secrets are generated once and
 * kept in the data folder (git-ignored), so sessions and stored code hashes survive restarts.
 */
export function loadDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, "dev-secrets.json");
  try {
    const stored = JSON.parse(readFileSync(file, "utf8")) as Partial<DevSecrets>;
    if (stored.AUTH_SECRET && stored.CODE_HASH_KEY) return stored as DevSecrets;
  } catch {
    // Not there yet (or unreadable): make new ones below.
  }
  const secrets: DevSecrets = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    CODE_HASH_KEY: randomBytes(32).toString("base64url"),
  };
  mkdirSync(dataDir, { recursive: true });
  // "wx" fails if another process wrote the file first; then theirs wins and we read it.
  try {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
  } catch {
    return JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
  }
  return secrets;
}
