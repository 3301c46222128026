import { randomUUID } from "node:crypto";
import type { Logger } from "../log/logger.js";
import { failClosed } from "../limits/guard.js";
import {
  ACCOUNT_FAILURE_MEMORY_SECONDS,
  ACCOUNT_LOCK_BASE_SECONDS,
  ACCOUNT_LOCK_MAX_SECONDS,
  ACCOUNT_LOCK_THRESHOLD_FAILURES,
  FACTOR_NAME_MAX_LENGTH,
  TOTP_ENROLLMENT_MINUTES,
  TOTP_FACTORS_PER_ACCOUNT_MAX,
} from "../policy.js";
import type { AccountLockStore } from "../ports/account-lock.js";
import type { AuditLog } from "../ports/audit-log.js";
import type { AuthenticatorStore, StoredAuthenticator } from "../ports/authenticator-store.js";
import { withinStoreDeadline, type LockoutPolicy } from "../ports/challenge-store.js";
import type { Failure } from "../result-codes.js";
import { parseCode } from "../code/parse-code.js";
import { qrCodeSvg } from "../totp/qr-code.js";
import type { SecretBox } from "../totp/secret-box.js";
import { generateTotpSecret, matchTotpStep, totpUri } from "../totp/totp-code.js";

/** The same lock the SMS check applies (challenge-service.ts), from the same policy numbers. */
export const ACCOUNT_LOCKOUT: LockoutPolicy = {
  thresholdFailures: ACCOUNT_LOCK_THRESHOLD_FAILURES,
  baseLockMs: ACCOUNT_LOCK_BASE_SECONDS * 1000,
  maxLockMs: ACCOUNT_LOCK_MAX_SECONDS * 1000,
  failureMemoryMs: ACCOUNT_FAILURE_MEMORY_SECONDS * 1000,
};

/** What pages may see of an authenticator: never the secret. */
export type AuthenticatorView = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

export type TotpCheck =
  | { ok: true; factorId: string }
  | Failure<"INVALID_CODE" | "MALFORMED_CODE" | "UNAVAILABLE">
  | Failure<"LOCKED", { retryAfterSeconds: number }>;

export type AuthenticatorFactorDeps = {
  authenticators: AuthenticatorStore;
  lock: AccountLockStore;
  box: SecretBox;
  audit: AuditLog;
  logger: Logger;
  /** The issuer apps show beside the account ("twostep"). */
  issuer: string;
  now?: () => number;
};

const view = (a: StoredAuthenticator): AuthenticatorView => ({ id: a.id, name: a.name, createdAt: a.createdAt, lastUsedAt: a.lastUsedAt });

/** Factor ids are randomUUID()s (beginEnrollment). */
const FACTOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isFactorId = (value: unknown): value is string => typeof value === "string" && FACTOR_ID.test(value);

/** A user's name for a factor: trimmed, printable, bounded; a default when empty. */
export function cleanFactorName(name: unknown, fallback = "Authenticator app"): string | null {
  if (name === undefined || name === null || (typeof name === "string" && name.trim() === "")) return fallback;
  if (typeof name !== "string") return null;
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean.length > 0 && clean.length <= FACTOR_NAME_MAX_LENGTH ? clean : null;
}

/**
 * Authenticator apps as a factor: enrollment (secret, otpauth URI, QR code; on only after a valid
 * code), the code check (one atomic step on the account lock the SMS code uses: a wrong or
 * replayed code counts as a failure there), rename and remove. Nothing here sends an SMS, so
 * nothing here touches the SMS-pumping guard's conversion counts.
 */
export function createAuthenticatorFactor(deps: AuthenticatorFactorDeps) {
  const { authenticators, lock, box, audit, logger } = deps;
  const now = deps.now ?? Date.now;
  const note = (work: Promise<unknown>) => withinStoreDeadline(work).catch((err: unknown) => logger.error({ err }, "could not record an audit event"));
  const bound = (a: { userId: string; id: string }) => `${a.userId}:${a.id}`;
  const pendingIsStale = (a: StoredAuthenticator) => now() - a.createdAt.getTime() > TOTP_ENROLLMENT_MINUTES * 60_000;

  async function confirmed(userId: string): Promise<StoredAuthenticator[]> {
    return (await authenticators.list(userId)).filter((a) => a.confirmedAt !== null);
  }

  /** Which of these authenticators made `code`, and for which step; null when none did. */
  function match(factors: StoredAuthenticator[], code: string): { factor: StoredAuthenticator; step: number } | null {
    for (const factor of factors) {
      const secret = box.open(factor.secretCiphertext, bound(factor));
      if (secret === null) {
        logger.error({ factorId: factor.id }, "an authenticator secret does not decrypt under TOTP_ENCRYPTION_KEY");
        continue;
      }
      const step = matchTotpStep(secret, code, now());
      if (step !== null) return { factor, step };
    }
    return null;
  }

  /** The one check every use goes through: the lock first, then single use, atomically. */
  async function check(userId: string, factors: StoredAuthenticator[], input: unknown): Promise<TotpCheck> {
    const code = parseCode(input);
    if (!code) return { ok: false, code: "MALFORMED_CODE" };
    return failClosed(logger, async (): Promise<TotpCheck> => {
      const matched = match(factors, code);
      // Steps are kept per app: another app of the user may still have a code for this step unused.
      const result = await lock.checkTotpStep({ userId, factorId: matched?.factor.id ?? null, step: matched?.step ?? null, nowMs: now(), lockout: ACCOUNT_LOCKOUT });
      if (result.outcome === "locked") {
        await note(audit.record({ userId, type: "account.locked", detail: { factor: "totp" } }));
        return { ok: false, code: "LOCKED", retryAfterSeconds: Math.ceil(result.retryAfterMs / 1000) };
      }
      if (result.outcome !== "ok" || !matched) {
        await note(audit.record({ userId, type: "code.failed", detail: { factor: "totp", replayed: result.outcome === "replayed" } }));
        return { ok: false, code: "INVALID_CODE" };
      }
      await authenticators.markUsed(userId, matched.factor.id, new Date(now()));
      return { ok: true, factorId: matched.factor.id };
    }, "authenticator code check");
  }

  return {
    /** Confirmed authenticators, oldest first. */
    async list(userId: string): Promise<AuthenticatorView[]> {
      return (await confirmed(userId)).map(view);
    },

    async hasAny(userId: string): Promise<boolean> {
      return (await confirmed(userId)).length > 0;
    },

    /**
     * A new secret, waiting for its first code. The secret is returned once, to show as a QR code
     * and as text; what is stored is sealed. Older pending enrollments of the user go.
     */
    async beginEnrollment(input: { userId: string; accountName: string; name?: unknown }) {
      const name = cleanFactorName(input.name);
      if (name === null) return { ok: false, code: "INVALID_INPUT", field: "name" } as const;
      return failClosed(logger, async () => {
        const all = await authenticators.list(input.userId);
        for (const pending of all.filter((a) => a.confirmedAt === null)) await authenticators.remove(input.userId, pending.id);
        if (all.filter((a) => a.confirmedAt !== null).length >= TOTP_FACTORS_PER_ACCOUNT_MAX) return { ok: false, code: "RATE_LIMITED", retryAfterSeconds: 0 } as const;
        const id = randomUUID();
        const secret = generateTotpSecret();
        await authenticators.add({ id, userId: input.userId, name, secretCiphertext: box.seal(secret, bound({ userId: input.userId, id })), createdAt: new Date(now()) });
        const uri = totpUri({ secretBase32: secret, issuer: deps.issuer, accountName: input.accountName });
        return { ok: true, factorId: id, secret, uri, qrSvg: await qrCodeSvg(uri) } as const;
      }, "starting an authenticator enrollment");
    },

    /** The first code from the app turns the factor on; a wrong one counts on the account lock. */
    async confirmEnrollment(input: { userId: string; factorId: unknown; code: unknown; ip?: string | null }): Promise<TotpCheck> {
      if (typeof input.factorId !== "string") return { ok: false, code: "INVALID_CODE" };
      const factorId = input.factorId;
      const pending = (await authenticators.list(input.userId)).find((a) => a.id === factorId && a.confirmedAt === null);
      if (!pending || pendingIsStale(pending)) return { ok: false, code: "INVALID_CODE" };
      const result = await check(input.userId, [pending], input.code);
      if (!result.ok) return result;
      return failClosed(logger, async (): Promise<TotpCheck> => {
        if (!(await authenticators.confirm(input.userId, factorId, new Date(now())))) return { ok: false, code: "INVALID_CODE" };
        await note(audit.record({ userId: input.userId, type: "authenticator.added", ip: input.ip, detail: { name: pending.name } }));
        return result;
      }, "confirming an authenticator");
    },

    /** A code from any confirmed authenticator of the user (sign-in, re-authentication). */
    async verify(input: { userId: string; code: unknown }): Promise<TotpCheck> {
      let factors: StoredAuthenticator[];
      try {
        factors = await confirmed(input.userId);
      } catch (error) {
        logger.warn({ err: error }, "reading authenticators failed");
        return { ok: false, code: "UNAVAILABLE" };
      }
      // With no app the guess still counts: having one must not change what a guess costs.
      return check(input.userId, factors, input.code);
    },

    async rename(input: { userId: string; factorId: unknown; name: unknown; ip?: string | null }) {
      const name = cleanFactorName(input.name, "");
      if (!name) return { ok: false, code: "INVALID_INPUT" } as const;
      // Straight to the store, unlike confirm and remove (which look it up among the user's own):
      // only an id shaped like ours, since PostgreSQL answers a NUL byte in text with an error.
      if (!isFactorId(input.factorId)) return { ok: false, code: "NOT_FOUND" } as const;
      const done = await authenticators.rename(input.userId, input.factorId, name);
      if (!done) return { ok: false, code: "NOT_FOUND" } as const;
      await note(audit.record({ userId: input.userId, type: "authenticator.renamed", ip: input.ip, detail: { name } }));
      return { ok: true } as const;
    },

    /** Removes one authenticator; the caller decides whether it may (the last factor rule). */
    async remove(input: { userId: string; factorId: string; ip?: string | null }) {
      const factor = (await confirmed(input.userId)).find((a) => a.id === input.factorId);
      if (!factor || !(await authenticators.remove(input.userId, input.factorId))) return { ok: false, code: "NOT_FOUND" } as const;
      await note(audit.record({ userId: input.userId, type: "authenticator.removed", ip: input.ip, detail: { name: factor.name } }));
      return { ok: true } as const;
    },

    /**
     * Removes one authenticator only while another confirmed one remains, decided and done in one
     * step of the store; "last" removes nothing (the caller's last-factor rule then applies).
     */
    async removeUnlessLast(input: { userId: string; factorId: string; ip?: string | null }): Promise<"removed" | "last" | "not_found"> {
      const factor = (await confirmed(input.userId)).find((a) => a.id === input.factorId);
      if (!factor) return "not_found";
      const outcome = authenticators.removeUnlessLast
        ? await authenticators.removeUnlessLast(input.userId, input.factorId)
        : (await confirmed(input.userId)).length < 2
          ? "last"
          : (await authenticators.remove(input.userId, input.factorId))
            ? "removed"
            : "not_found";
      if (outcome === "removed") await note(audit.record({ userId: input.userId, type: "authenticator.removed", ip: input.ip, detail: { name: factor.name } }));
      return outcome;
    },

    removeAll: (userId: string) => authenticators.removeAll(userId),
  };
}

export type AuthenticatorFactor = ReturnType<typeof createAuthenticatorFactor>;
