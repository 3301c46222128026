import { randomInt } from "node:crypto";
import { CODE_DIGITS } from "../policy.js";

/** A uniformly random code from the OS CSPRNG, zero-padded ("004213" is as likely as "913402"). */
export function generateCode(): string {
  return randomInt(0, 10 ** CODE_DIGITS).toString().padStart(CODE_DIGITS, "0");
}
