import { loadAppConfig, type AppConfig } from "./app-config";

const holder = globalThis as typeof globalThis & { __twostepConfig?: AppConfig };

/** The validated config, read once per process. */
export function getConfig(): AppConfig {
  return (holder.__twostepConfig ??= loadAppConfig());
}
