import type { Logger } from "@twostep/core";

/**
 * Auth.js errors that are the request's own doing, answered with a 4xx or a "wrong email or
 * password": Auth.js's client errors (isClientError in @auth/core/errors), plus an action or a
 * callback URL it could not read. Its default logger prints each at error level with a stack, so
 * a credential-stuffing wave, or a scanner, fills the error log with lines that need no one.
 */
const CLIENT_ERRORS = new Set([
  "CredentialsSignin",
  "OAuthAccountNotLinked",
  "OAuthCallbackError",
  "AccessDenied",
  "Verification",
  "MissingCSRF",
  "AccountNotLinked",
  "WebAuthnVerificationError",
  "UnknownAction",
  "InvalidCallbackUrl",
]);
/** Refused passwords are already counted and recorded by the core (accounts.authenticate): no line here. */
const RECORDED_ELSEWHERE = new Set(["CredentialsSignin"]);

/**
 * Auth.js's logger, writing into ours (the core's pino logger: safe errors, digits scrubbed): the
 * request's own mistakes at info with their type alone, anything else at error. Auth.js calls it
 * synchronously; the logger arrives with the core, on first use.
 */
export function authJsLogger(loggerOf: () => Promise<Logger>) {
  const write = (line: (logger: Logger) => void) => {
    loggerOf().then(line, () => undefined);
  };
  return {
    error(error: Error) {
      // Auth.js's errors carry their class's name as `type` (AuthError in @auth/core/errors).
      const tagged = (error as Error & { type?: unknown }).type;
      const type = typeof tagged === "string" ? tagged : error.name;
      if (RECORDED_ELSEWHERE.has(type)) return;
      if (CLIENT_ERRORS.has(type)) return write((logger) => logger.info({ authError: type }, "auth.js refused a request"));
      // Auth.js wraps what our code threw (authorize, a callback) as `cause.err`: that is the error to see.
      const thrown = (error.cause as { err?: unknown } | undefined)?.err;
      write((logger) => logger.error({ err: thrown instanceof Error ? thrown : error, authError: type }, "auth.js error"));
    },
    warn(code: string) {
      write((logger) => logger.warn({ authWarning: code }, "auth.js warning"));
    },
  };
}
