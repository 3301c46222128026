// Threat: a package's public surface changes (an export added, removed or retyped) and review
// doesn't see it: the checked-in API reports (packages/*/api/*.api.md) must match the build.
import path from "node:path";
import { expect, it } from "vitest";
import { describeRun, runCommand } from "./run-command";
import { REPO_ROOT } from "./publishable-packages";

it("every entry point's checked-in API report matches the built declarations", async () => {
  const check = await runCommand(process.execPath, [path.join(REPO_ROOT, "scripts", "api-report.mjs"), "--check"], { cwd: REPO_ROOT });
  expect(check.code, describeRun("npm run api:check (update with npm run api:report)", check)).toBe(0);
  // One api-extractor run per entry point: about 29 s and 43 s of CPU alone on a 2-core machine,
  // and over 60 s once the suite's other workers share those cores (a fresh-clone CI timed out).
}, 240_000);
