import pino, { type DestinationStream, type Logger } from "pino";
import { safeError } from "./safe-error.js";

export type { Logger };

/**
 * Structured logs. Callers log masked phones (maskPhone) and never codes; the redaction below is
 * the second line of defence for fields that must never reach a log even by mistake.
 */
const REDACTED_PATHS = [
  "code",
  "otp",
  "password",
  "body",
  "codeHash",
  "authToken",
  "token",
  "secret",
  "phone",
  "phoneE164",
  "to",
  "*.code",
  "*.otp",
  "*.password",
  "*.body",
  "*.codeHash",
  "*.authToken",
  "*.token",
  "*.phone",
  "*.phoneE164",
  "*.to",
  "req.headers.authorization",
  "req.headers.cookie",
];

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "twostep" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: safeError, error: safeError },
    },
    options.destination,
  );
}
