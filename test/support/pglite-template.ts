import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@twostep/core/sql";

let template: Promise<string> | undefined;

/**
 * A new DATA_DIR holding a migrated embedded database, copied from one made per test process:
 * creating a PGlite folder runs initdb (seconds), copying one takes a fraction of that.
 */
export async function freshPgliteDataDir(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "twostep-pglite-template-"));
    const handle = await openDatabase({ pgliteDir: path.join(dir, "pglite") });
    await handle.close();
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-data-"));
  cpSync(await template, dataDir, { recursive: true });
  return dataDir;
}
