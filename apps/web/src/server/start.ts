import { ConfigError } from "@twostep/core/env";
import { getTwoStep } from "./twostep";

/** Start-up: a bad setting stops the process with a message naming the variable. */
export async function startTwoStep(): Promise<void> {
  try {
    await getTwoStep();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`twostep cannot start.\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
