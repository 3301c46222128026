import { loadConfig, type TwoStepConfig } from "@/core/config/env";

const holder = globalThis as typeof globalThis & { __twostepConfig?: TwoStepConfig };

/** The validated config, read once per process. */
export function getConfig(): TwoStepConfig {
  return (holder.__twostepConfig ??= loadConfig());
}
