/** One browser a user chose to trust at the code step, as the server remembers it. */
export type TrustedDeviceRecord = {
  /** Random; the first half of the token the browser's cookie carries. */
  id: string;
  userId: string;
  /** Keyed hash (HMAC-SHA256) of the token's secret, bound to the id and the user; never the secret. */
  secretHash: string;
  /** Epoch milliseconds. */
  createdAtMs: number;
  /** Fixed at creation: the trust ends then, however often it is used. */
  expiresAtMs: number;
  /** Coarse: written at most once per touch interval. Starts as the creation. */
  lastUsedAtMs: number;
  lastUsedIp: string | null;
  /** "Firefox on macOS": short and free of version numbers, from the user agent. */
  lastUsedDevice: string | null;
};

/** Where the browser was when a trusted device was last used. */
export type TrustedDeviceUse = { atMs: number; ip: string | null; device: string | null };

/**
 * Where trusted-device records live: `createSqlTrustedDeviceStore` in `@twostep/core/sql`. Each
 * call is one statement; the rules (secret, owner, expiry) live in trusted-devices/trusted-devices.ts.
 * It is read once per sign-in, never per request, so there is no Redis store.
 */
export interface TrustedDeviceStore {
  insert(record: TrustedDeviceRecord): Promise<void>;
  /** The record by id (one indexed read), or null; expired records may still be returned. */
  get(id: string): Promise<TrustedDeviceRecord | null>;
  /** Records a use; never creates a record that was revoked meanwhile. */
  touch(id: string, use: TrustedDeviceUse): Promise<void>;
  /** Deletes the record only if it is this user's; true when one was deleted. */
  deleteForUser(userId: string, id: string): Promise<boolean>;
  /** Deletes every record of the user; returns how many. */
  deleteAllForUser(userId: string): Promise<number>;
  /** The user's records, newest first, dropping those past their end. */
  listForUser(userId: string, nowMs: number): Promise<TrustedDeviceRecord[]>;
}
