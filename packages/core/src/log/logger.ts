import pino, { type DestinationStream, type Logger } from "pino";
import { safeError, scrubDigits } from "./safe-error.js";

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

const SERIALIZED = new Set(["err", "error"]);

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "twostep" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: safeError, error: safeError },
      formatters: {
        // An error under any other key would be written with its own enumerable fields: a driver's
        // failed statement and its parameters (a full number, an SMS text with its code).
        // (err and error have serializers of their own, which run after this.)
        log: (object) =>
          Object.fromEntries(Object.entries(object).map(([key, value]) => [key, value instanceof Error && !SERIALIZED.has(key) ? safeError(value) : value])),
      },
      hooks: {
        // A message built from an error's text (`failed: ${error.message}`) carries the same parameters.
        // `logger.error(error)` would make the error's own text the message, unscrubbed.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          const leading = first instanceof Error ? [{ err: first }, ...(rest.length > 0 ? [] : [safeError(first).message])] : [first];
          const scrubbed = [...leading, ...rest].map((arg) => (typeof arg === "string" ? scrubDigits(arg) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}
