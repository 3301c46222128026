import path from "node:path";
import { fileURLToPath } from "node:url";

/** The reference app's folder (apps/web): its build, its server actions manifest, its sources. */
export const WEB_APP_DIR = fileURLToPath(new URL("../../apps/web/", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const webAppPath = (...parts: string[]) => path.join(WEB_APP_DIR, ...parts);
