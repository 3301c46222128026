import type { TrustedDevices } from "@twostep/core";
import { cookies, headers } from "next/headers";
import type { SessionSettings } from "./options.js";
import type { MintFullSession } from "./complete-sign-in.js";
import type { FullViewer, PendingViewer } from "./viewer.js";

/** The core's trusted devices as the stage uses them: `twostep.trustedDevices` fits. */
export type TrustedDeviceChecks = Pick<TrustedDevices, "trust" | "check" | "lifetimeSeconds">;

/** What the session records as the second step when a trusted browser stood in for it. */
export const TRUSTED_DEVICE_FACTOR = "trusted_device";

/** Accounts one browser may be trusted for (a shared family computer), newest first. */
const TOKENS_PER_BROWSER = 3;
/** The factors that may make a browser trusted: a real second factor, never a password or an earlier trust. */
const FACTORS_THAT_MAY_TRUST = new Set(["sms", "totp", "backup_code"]);

export function trustedDeviceCookieName(settings: Pick<SessionSettings, "secureCookies">): string {
  return settings.secureCookies ? "__Secure-twostep.trusted-device" : "twostep.trusted-device";
}

/** The tokens this browser carries; their shape is checked by the core, their worth by its store. */
async function presentedTokens(settings: SessionSettings): Promise<string[]> {
  const value = (await cookies()).get(trustedDeviceCookieName(settings))?.value ?? "";
  return value.split("~").filter((t) => t.length > 0 && t.length <= 100).slice(0, TOKENS_PER_BROWSER);
}

const requestContext = async (ip: string | null | undefined) => ({ ip: ip ?? null, userAgent: (await headers()).get("user-agent") });

/**
 * Does this browser carry a trust the core accepts for `userId`? Each token is checked against
 * that user, so a cookie copied from someone else's browser counts for nobody here.
 */
export async function browserIsTrusted(settings: SessionSettings, userId: string, trusted: Pick<TrustedDeviceChecks, "check">, ip?: string | null): Promise<boolean> {
  const context = await requestContext(ip);
  for (const token of await presentedTokens(settings)) {
    if (await trusted.check(userId, token, context)) return true;
  }
  return false;
}

/**
 * The second step by a trusted browser: the password already passed (every password limit with
 * it); only if this browser's trust checks out for this pending user is the session replaced by
 * a full one, recording "trusted_device".
 */
export async function completeWithTrustedBrowser(
  settings: SessionSettings,
  viewer: PendingViewer,
  input: { trustedDevices: Pick<TrustedDeviceChecks, "check">; ip?: string | null },
  mintFullSession: MintFullSession,
): Promise<{ ok: true } | { ok: false; code: "NOT_TRUSTED" | "REAUTH_REQUIRED" }> {
  if (!(await browserIsTrusted(settings, viewer.userId, input.trustedDevices, input.ip))) return { ok: false, code: "NOT_TRUSTED" };
  // The pending session was ended meanwhile (a sign-out, a password reset): nothing to upgrade.
  if (!(await mintFullSession(viewer, TRUSTED_DEVICE_FACTOR, input.ip ?? null))) return { ok: false, code: "REAUTH_REQUIRED" };
  return { ok: true };
}

/**
 * "Trust this browser", after a second factor passed in this session: the core issues a token
 * and the browser keeps it in an HttpOnly cookie beside the ones it holds for other accounts.
 */
export async function trustThisBrowser(
  settings: SessionSettings,
  viewer: FullViewer,
  input: { trustedDevices: Pick<TrustedDeviceChecks, "trust" | "lifetimeSeconds">; ip?: string | null },
): Promise<{ ok: true } | { ok: false; code: "REAUTH_REQUIRED" }> {
  if (!FACTORS_THAT_MAY_TRUST.has(viewer.factor ?? "")) return { ok: false, code: "REAUTH_REQUIRED" };
  const issued = await input.trustedDevices.trust(viewer.userId, await requestContext(input.ip));
  const others = await presentedTokens(settings);
  (await cookies()).set(trustedDeviceCookieName(settings), [issued.token, ...others].slice(0, TOKENS_PER_BROWSER).join("~"), {
    httpOnly: true,
    sameSite: "lax",
    secure: settings.secureCookies,
    path: "/",
    maxAge: input.trustedDevices.lifetimeSeconds,
  });
  return { ok: true };
}
