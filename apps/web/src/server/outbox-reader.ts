import { OUTBOX_TOKEN_COOKIE, OUTBOX_TOKEN_HEADER, outboxTokenMatches } from "@twostep/core/outbox";
import type { TwoStep } from "@twostep/core/env";

/**
 * Whether this request may read the outbox: the token from OUTBOX_TOKEN, in the header (scripts)
 * or the cookie (a browser). With no token configured (development) anyone on the machine may;
 * production never starts with a readable outbox and no token (config/outbox-access.ts).
 */
export function mayReadOutbox(twostep: TwoStep, request: { headers: Headers; cookie(name: string): string | undefined }): boolean {
  const presented = request.headers.get(OUTBOX_TOKEN_HEADER) ?? request.cookie(OUTBOX_TOKEN_COOKIE) ?? null;
  return outboxTokenMatches(twostep.config.outboxAccess.token, presented);
}

/** A cookie's value from a raw Cookie header (route handlers get no parsed jar). */
export function cookieFrom(headers: Headers, name: string): string | undefined {
  for (const part of headers.get("cookie")?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
