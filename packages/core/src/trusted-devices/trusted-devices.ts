import type { Logger } from "../log/logger.js";
import type { TrustedDeviceRecord, TrustedDeviceStore } from "../ports/trusted-device-store.js";
import { describeDevice } from "../sessions/describe-device.js";
import { createDeviceSecretHasher, formatDeviceToken, newDeviceToken, parseDeviceToken } from "./device-token.js";
import { TRUSTED_DEVICE_DAYS_DEFAULT, TRUSTED_DEVICE_DAYS_MAX, TRUSTED_DEVICE_TOUCH_INTERVAL_SECONDS } from "./trusted-device-policy.js";

/** Where the browser is now: kept as "last used" (the user agent only as "Firefox on macOS"). */
export type DeviceContext = { ip?: string | null; userAgent?: string | null };

/** A trusted device as the security page shows it: never the secret or its hash. */
export type TrustedDeviceView = Omit<TrustedDeviceRecord, "secretHash">;

export type IssuedDeviceToken = {
  id: string;
  /** "<id>.<secret>": goes into an HttpOnly cookie and nowhere else; the server keeps only a hash. */
  token: string;
  expiresAtMs: number;
};

export type TrustedDevicesDeps = {
  store: TrustedDeviceStore;
  /** The code-hash key; the secret hashes use a key derived from it. */
  codeHashKey: string;
  /** Days a trust lasts, 1 to TRUSTED_DEVICE_DAYS_MAX. Default TRUSTED_DEVICE_DAYS_DEFAULT. */
  days?: number;
  logger: Logger;
  /** Epoch milliseconds; tests move it. */
  now?: () => number;
};

/**
 * "Trust this browser": after a second factor passed, the browser gets a random token, and a later
 * password sign-in of the same user from it may skip the second step. The token counts only for
 * the user it was issued to, only until it expires, only while its record is here (revoked one by
 * one, all at once, or by any change of 2FA), and only when its secret matches in constant time.
 */
export function createTrustedDevices(deps: TrustedDevicesDeps) {
  const { store, logger } = deps;
  const now = deps.now ?? Date.now;
  const days = deps.days ?? TRUSTED_DEVICE_DAYS_DEFAULT;
  if (!Number.isInteger(days) || days < 1 || days > TRUSTED_DEVICE_DAYS_MAX) {
    throw new RangeError(`trusted devices: days must be a whole number from 1 to ${TRUSTED_DEVICE_DAYS_MAX}`);
  }
  const lifetimeSeconds = days * 86_400;
  const hasher = createDeviceSecretHasher(deps.codeHashKey);
  const view = ({ secretHash: _hash, ...rest }: TrustedDeviceRecord): TrustedDeviceView => rest;

  return {
    /** Days a trust lasts: what the code page promises and the cookie's max-age. */
    days,
    lifetimeSeconds,

    /** Call only after this user passed a second factor in this browser. */
    async trust(userId: string, context: DeviceContext = {}): Promise<IssuedDeviceToken> {
      const token = newDeviceToken();
      const nowMs = now();
      const record: TrustedDeviceRecord = {
        id: token.id,
        userId,
        secretHash: hasher.hash(userId, token),
        createdAtMs: nowMs,
        expiresAtMs: nowMs + lifetimeSeconds * 1000,
        lastUsedAtMs: nowMs,
        lastUsedIp: context.ip ?? null,
        lastUsedDevice: describeDevice(context.userAgent),
      };
      await store.insert(record);
      return { id: token.id, token: formatDeviceToken(token), expiresAtMs: record.expiresAtMs };
    },

    /**
     * True only for a live record of this very user whose secret matches; anything else, including
     * a store that fails, is false, so the sign-in asks for the second factor as it would anyway.
     */
    async check(userId: string, presented: unknown, context: DeviceContext = {}): Promise<boolean> {
      const token = parseDeviceToken(presented);
      if (!token || typeof userId !== "string" || userId.length === 0) return false;
      try {
        const record = await store.get(token.id);
        const nowMs = now();
        if (!record || record.userId !== userId || nowMs >= record.expiresAtMs) return false;
        if (!hasher.matches(userId, token, record.secretHash)) return false;
        if (nowMs - record.lastUsedAtMs >= TRUSTED_DEVICE_TOUCH_INTERVAL_SECONDS * 1000) {
          // Best effort: a failed touch costs the list's precision, never the sign-in.
          await store.touch(token.id, { atMs: nowMs, ip: context.ip ?? null, device: describeDevice(context.userAgent) }).catch(() => undefined);
        }
        return true;
      } catch (err) {
        logger.warn({ err }, "trusted-device check failed; asking for the second factor");
        return false;
      }
    },

    /** The user's live trusted devices, newest first. */
    async list(userId: string): Promise<TrustedDeviceView[]> {
      return (await store.listForUser(userId, now())).map(view);
    },

    /** Ends one trust of this user ("Remove"); another user's id, or any malformed one, is ignored. */
    async revoke(userId: string, id: unknown): Promise<boolean> {
      if (typeof id !== "string" || id.length === 0 || id.length > 100) return false;
      return store.deleteForUser(userId, id);
    },

    /** "Remove all", and what every change of 2FA does. */
    revokeAll: (userId: string): Promise<number> => store.deleteAllForUser(userId),
  };
}

export type TrustedDevices = ReturnType<typeof createTrustedDevices>;
