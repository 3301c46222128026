import type { Logger } from "../log/logger.js";
import type { AuditLog } from "../ports/audit-log.js";
import type { TrustedDeviceRecord, TrustedDeviceStore } from "../ports/trusted-device-store.js";
import { describeDevice } from "../sessions/describe-device.js";
import { createDeviceSecretHasher, formatDeviceToken, isDeviceId, newDeviceToken, parseDeviceToken } from "./device-token.js";
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
  /** Where trusting and removing a browser are recorded (the security log, and what hears its events). */
  audit?: AuditLog;
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
  // The trust itself is done when its record is written or deleted: a failed audit write is logged, not thrown.
  const recordEvent = (event: Parameters<AuditLog["record"]>[0]) =>
    deps.audit?.record(event).catch((err: unknown) => logger.error({ err, type: event.type }, "could not record a trusted-device event"));

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
      await recordEvent({ userId, type: "trusted_device.added", ip: context.ip ?? null, detail: { device: record.lastUsedDevice } });
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
      if (!isDeviceId(id)) return false;
      const removed = await store.deleteForUser(userId, id);
      if (removed) await recordEvent({ userId, type: "trusted_device.removed" });
      return removed;
    },

    /** "Remove all", and what every change of 2FA does. */
    async revokeAll(userId: string): Promise<number> {
      const count = await store.deleteAllForUser(userId);
      if (count > 0) await recordEvent({ userId, type: "trusted_devices.revoked", detail: { count } });
      return count;
    },
  };
}

export type TrustedDevices = ReturnType<typeof createTrustedDevices>;
