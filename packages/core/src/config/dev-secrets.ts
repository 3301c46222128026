import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Outside production a fresh clone runs with no setup: a missing secret is generated once and
 * kept in the data folder (git-ignored), so sessions and stored code hashes survive restarts.
 * One file holds every such secret by its variable name (the core's and the host app's).
 */
export function loadDevSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, "dev-secrets.json");
  const stored = readSecrets(file);
  const existing = stored?.[name];
  if (existing) return existing;
  const value = randomBytes(32).toString("base64url");
  mkdirSync(dataDir, { recursive: true });
  if (!stored) {
    // "wx" fails if another process wrote the file first; then theirs wins and we read it.
    try {
      writeFileSync(file, JSON.stringify({ [name]: value }, null, 2), { mode: 0o600, flag: "wx" });
      return value;
    } catch {
      const theirs = readSecrets(file)?.[name];
      if (theirs) return theirs;
    }
  }
  writeFileSync(file, JSON.stringify({ ...readSecrets(file), [name]: value }, null, 2), { mode: 0o600 });
  return value;
}

function readSecrets(file: string): Record<string, string> | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  } catch {
    return null; // Not there yet (or unreadable).
  }
}
