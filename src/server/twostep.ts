import { getConfig } from "./config";
import { createTwoStep, type TwoStep } from "@/core/create-twostep";

/**
 * The one core instance of this server process, made on first use. Kept on globalThis so dev
 * hot reloads don't open a second PGlite on the same folder (PGlite allows one per process).
 */
const holder = globalThis as typeof globalThis & { __twostep?: Promise<TwoStep> };

export function getTwoStep(): Promise<TwoStep> {
  if (!holder.__twostep) {
    holder.__twostep = createTwoStep(getConfig()).catch((error: unknown) => {
      // Let the next request try again (a store may have been briefly down at start).
      holder.__twostep = undefined;
      throw error;
    });
  }
  return holder.__twostep;
}
