import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Tests that talk to the app over HTTP need a production build. Build once per run, unless
 * SKIP_BUILD=1 says the current build is fresh (handy while iterating on tests only).
 */
export default function setup() {
  if (process.env.SKIP_BUILD === "1" && existsSync(".next/BUILD_ID")) return;
  console.log("[global-setup] building the app for HTTP tests (next build)...");
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}
