import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { getConfig } from "./config";

/**
 * The signed device cookie (docs/decisions/008-sign-in-limits-a-stranger-cannot-spend.md): a
 * browser that completed a sign-in to an account carries proof of it, and the core lets that
 * browser past the windows a stranger can spend for the account (the email-wide password limit,
 * the account-wide backup-code limit). The proof is an HMAC under a key derived from AUTH_SECRET;
 * the cookie says nothing else and grants no session.
 */
const COOKIE_NAME = "twostep-known-device";
const COOKIE_MAX_AGE_DAYS = 180;
/** Accounts one browser is remembered for (shared family computers), newest first. */
const ACCOUNTS_PER_BROWSER = 3;

/** Derived once per secret, not for every entry of every cookie read on every code check. */
let derived: { secret: string; key: Buffer } | undefined;
function deviceKey(): Buffer {
  const secret = getConfig().authSecret;
  if (derived?.secret !== secret) derived = { secret, key: createHmac("sha256", secret).update("twostep known-device cookie v1").digest() };
  return derived.key;
}

function mac(userId: string, issuedAtSeconds: number): string {
  return createHmac("sha256", deviceKey()).update(`${userId}\u0000${issuedAtSeconds}`).digest("base64url");
}

type Entry = { userId: string; issuedAtSeconds: number; raw: string };

/** The entries whose signature holds and that are not too old; anything else is ignored. */
function readEntries(value: string | undefined, nowSeconds: number): Entry[] {
  const entries: Entry[] = [];
  for (const raw of (value ?? "").split("~").slice(0, ACCOUNTS_PER_BROWSER)) {
    const [id, issued, signature] = raw.split(".");
    if (!id || !issued || !signature) continue;
    const userId = Buffer.from(id, "base64url").toString("utf8");
    const issuedAtSeconds = Number(issued);
    if (!Number.isSafeInteger(issuedAtSeconds) || nowSeconds - issuedAtSeconds > COOKIE_MAX_AGE_DAYS * 86_400) continue;
    const expected = Buffer.from(mac(userId, issuedAtSeconds));
    const given = Buffer.from(signature);
    if (given.length === expected.length && timingSafeEqual(given, expected)) entries.push({ userId, issuedAtSeconds, raw });
  }
  return entries;
}

/** Whether this request's browser completed a sign-in to `userId` before. */
export async function isKnownDevice(userId: string): Promise<boolean> {
  const jar = await cookies();
  return readEntries(jar.get(COOKIE_NAME)?.value, Math.floor(Date.now() / 1000)).some((e) => e.userId === userId);
}

/**
 * After a completed sign-in (every factor the account asks for): remember this browser for the
 * account. A browser that did not hold the account yet is a new device: the owner hears of it,
 * here, unless the sign-in's check recorded it already (`newDeviceRecorded`: the SMS code's).
 */
export async function rememberDevice(userId: string, options: { newDeviceRecorded?: boolean } = {}): Promise<void> {
  const jar = await cookies();
  const nowSeconds = Math.floor(Date.now() / 1000);
  const entries = readEntries(jar.get(COOKIE_NAME)?.value, nowSeconds);
  const others = entries.filter((e) => e.userId !== userId);
  if (others.length === entries.length && !options.newDeviceRecorded) {
    // Loaded here, like the core itself, so nothing that reads this cookie alone opens the database.
    const { recordNewDeviceSignIn } = await import("./new-device-notice");
    await recordNewDeviceSignIn(userId);
  }
  const entry = `${Buffer.from(userId).toString("base64url")}.${nowSeconds}.${mac(userId, nowSeconds)}`;
  jar.set(COOKIE_NAME, [entry, ...others.map((e) => e.raw)].slice(0, ACCOUNTS_PER_BROWSER).join("~"), {
    httpOnly: true,
    sameSite: "lax",
    secure: getConfig().origin.protocol === "https:",
    path: "/",
    maxAge: COOKIE_MAX_AGE_DAYS * 86_400,
  });
}
