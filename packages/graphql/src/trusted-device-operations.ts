import type { TwoStepGraphQLContext } from "./context.js";
import type { MutationResult } from "./mutation-result.js";
import { requireViewer } from "./require-viewer.js";

/** One trusted browser as `trustedDevices` shows it. */
export type TrustedDeviceSummary = {
  /** The record's id: the public half of the browser's token, useless without its secret. */
  id: string;
  /** "Firefox on macOS" when last used; null when unknown. */
  device: string | null;
  ip: string | null;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601; coarse. */
  lastUsedAt: string;
  /** ISO 8601: the trust ends then, however often it is used. */
  expiresAt: string;
};

/**
 * The viewer's trusted browsers (the security page's "Trusted browsers"), for a full session only.
 * Without trusted devices on the server (none given, or TRUSTED_DEVICE_DAYS=0) the list is empty
 * and there is nothing to remove.
 */
export async function trustedDevices(ctx: TwoStepGraphQLContext): Promise<TrustedDeviceSummary[]> {
  const viewer = requireViewer(ctx, "full");
  const devices = ctx.trustedDevices ? await ctx.trustedDevices.list(viewer.userId) : [];
  return devices.map((d) => ({
    id: d.id,
    device: d.lastUsedDevice,
    ip: d.lastUsedIp,
    createdAt: new Date(d.createdAtMs).toISOString(),
    lastUsedAt: new Date(d.lastUsedAtMs).toISOString(),
    expiresAt: new Date(d.expiresAtMs).toISOString(),
  }));
}

const result = (success: boolean, message: string, code: MutationResult["code"] = null): MutationResult => ({
  success,
  message,
  code,
  retryAfterSeconds: null,
  attemptsLeft: null,
  backupCodes: null,
});

/** Removes one trusted browser of the viewer's; another user's id or an unknown one is NOT_FOUND alike. */
export async function revokeTrustedDevice(ctx: TwoStepGraphQLContext, args: { id: string }): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "full");
  if (!ctx.trustedDevices || !(await ctx.trustedDevices.revoke(viewer.userId, args.id))) {
    return result(false, "There is no such trusted browser: it may have been removed already.", "NOT_FOUND");
  }
  return result(true, "That browser will be asked for a code at its next sign-in.");
}

/** Removes every trusted browser of the viewer's user. */
export async function revokeAllTrustedDevices(ctx: TwoStepGraphQLContext): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "full");
  const removed = ctx.trustedDevices ? await ctx.trustedDevices.revokeAll(viewer.userId) : 0;
  return result(true, removed === 1 ? "1 trusted browser removed." : `${removed} trusted browsers removed.`);
}
