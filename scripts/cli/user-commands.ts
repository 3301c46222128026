// The operator's help for one user: what factors they have and whether the lock holds them
// (`user`), lifting the lock (`unlock`), and taking 2FA off when every factor is lost (`reset-2fa`).
import { createUserRepository } from "@twostep/core/sql";
import type { TwoStep } from "@twostep/core/env";

export type UserReport = {
  email: string;
  userId: string;
  twoFactorEnabled: boolean;
  phoneLastDigits: string | null;
  apps: { name: string; createdAt: string; lastUsedAt: string | null }[];
  backupCodesLeft: number;
  lock: { failures: number; lockedUntil: string | null };
  lastSignIn: { at: string; factor: string | null } | null;
};

export async function findUser(twostep: TwoStep, email: string) {
  const user = await createUserRepository(twostep.db, { tables: twostep.tables }).byEmail(email.trim().toLowerCase());
  if (!user) throw new Error(`no account with the email ${email}`);
  return user;
}

export async function userReport(twostep: TwoStep, email: string): Promise<UserReport> {
  const user = await findUser(twostep, email);
  const factors = await twostep.twoFactor.factors(user.id);
  const lock = await twostep.twoFactor.lockState(user.id);
  const events = await twostep.audit.recentForUser(user.id, 100);
  const last = events.find((e) => e.type === "sign_in.succeeded");
  return {
    email: user.email,
    userId: user.id,
    twoFactorEnabled: factors?.twoFactorEnabled ?? false,
    phoneLastDigits: user.phoneE164 ? user.phoneE164.slice(-4) : null,
    apps: (factors?.apps ?? []).map((a) => ({ name: a.name, createdAt: a.createdAt.toISOString(), lastUsedAt: a.lastUsedAt?.toISOString() ?? null })),
    backupCodesLeft: factors?.backupCodesLeft ?? 0,
    lock: { failures: lock.failures, lockedUntil: lock.lockedUntilMs === null ? null : new Date(lock.lockedUntilMs).toISOString() },
    lastSignIn: last ? { at: last.createdAt.toISOString(), factor: typeof last.detail?.factor === "string" ? last.detail.factor : null } : null,
  };
}

export function formatUserReport(r: UserReport): string {
  return [
    `${r.email} (${r.userId})`,
    `  2FA:            ${r.twoFactorEnabled ? "on" : "off"}`,
    `  phone:          ${r.phoneLastDigits ? `ending ${r.phoneLastDigits}` : "none"}`,
    `  apps:           ${r.apps.length === 0 ? "none" : r.apps.map((a) => `${a.name} (added ${a.createdAt}, last used ${a.lastUsedAt ?? "never"})`).join("; ")}`,
    `  backup codes:   ${r.backupCodesLeft} left`,
    `  lock:           ${r.lock.lockedUntil ? `locked until ${r.lock.lockedUntil}` : "not locked"} (${r.lock.failures} recent failures)`,
    `  last sign-in:   ${r.lastSignIn ? `${r.lastSignIn.at}${r.lastSignIn.factor ? ` with ${r.lastSignIn.factor}` : ""}` : "none recorded"}`,
  ].join("\n");
}
