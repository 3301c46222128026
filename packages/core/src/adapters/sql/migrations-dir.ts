import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Folder of the committed drizzle-kit migrations, shipped inside the package and found relative to
 * this file (src/ and dist/ sit at the same depth), never through the host's working directory.
 * They are written for twostep's own names; render-migrations.ts applies a table prefix.
 * (Not `new URL("…", import.meta.url)`: bundlers take that for an asset to bundle, and a folder isn't one.)
 */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "drizzle");
