import { errorMessages, type ErrorCode } from "@twostep/core";

/** Pages show failures from `?error=CODE`; only the core's closed set of codes is ever shown. */
export function errorMessage(param: string | string[] | undefined): string | null {
  return typeof param === "string" && param in errorMessages ? errorMessages[param as ErrorCode] : null;
}
