import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { WEB_APP_DIR, webAppPath } from "./web-app";

/**
 * Tests that talk to the app over HTTP need a production build of apps/web (on the built
 * packages). Built once per run, however many projects ask; SKIP_BUILD=1 reuses a fresh build
 * (handy while iterating on tests only).
 */
/** Next as the app resolves it. */
export const NEXT_BIN = createRequire(webAppPath("package.json")).resolve("next/dist/bin/next");

export default function setup() {
  if (process.env.TWOSTEP_WEB_BUILT === "1") return;
  if (process.env.SKIP_BUILD === "1" && existsSync(webAppPath(".next", "BUILD_ID"))) return;
  console.log("[global-setup] building the packages and the app for HTTP tests (next build)...");
  buildWebApp();
  process.env.TWOSTEP_WEB_BUILT = "1";
}

/** The packages, then apps/web's production build (`next build`), as `npm run build` makes them; also `npm run bench:http`'s. */
export function buildWebApp(): void {
  execFileSync("npm", ["run", "build:packages"], { stdio: ["ignore", "ignore", "inherit"] });
  execFileSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: WEB_APP_DIR,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}
