import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTwoStepFromConfig, loadConfig, type TwoStep, type TwoStepOverrides } from "@twostep/core/env";
import { createLogger } from "@twostep/core";
import { testClock } from "./fixtures";

/**
 * A whole core (accounts, challenges, outbox) on a throwaway embedded database, with a test clock.
 * `overrides`: what createTwoStepFromConfig takes besides the settings (e.g. store counters).
 */
export async function startCore(env: Record<string, string> = {}, overrides: Pick<TwoStepOverrides, "counters"> = {}): Promise<{ twostep: TwoStep; clock: ReturnType<typeof testClock>; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-core-"));
  const clock = testClock();
  const config = loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir, SMS_ALLOWED_COUNTRIES: "US,GB,FR", ...env });
  const twostep = await createTwoStepFromConfig(config, { ...overrides, now: clock.now, logger: createLogger({ level: "silent" }) });
  return {
    twostep,
    clock,
    async stop() {
      await twostep.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
