import type { AuditEventType, Purpose, StoredAuditEvent } from "@twostep/core";

/** What a code was for, as a person would say it. */
const PURPOSE_WORDS: Record<Purpose, string> = {
  sign_in: "sign-in",
  enroll_phone: "phone verification",
  disable_2fa: "turning off two-factor authentication",
};

const purposeOf = (detail: Record<string, unknown>) => PURPOSE_WORDS[detail.purpose as Purpose] ?? "verification";
const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : null);

/**
 * Security events in plain words. Events a person would not miss (the password step alone, a
 * code accepted on the way to a sign-in) are left out; `null` means "don't list it".
 */
const DESCRIBE: Record<AuditEventType, ((detail: Record<string, unknown>) => { title: string; tone: "ok" | "warn" } | null)> = {
  "sign_in.password_ok": () => null,
  "code.verified": () => null,
  "password.changed": () => ({ title: "Password changed", tone: "warn" }),
  "password.reset": () => ({ title: "Password reset from an emailed link", tone: "warn" }),
  "sign_in.new_device": (d) => ({ title: `Signed in from a new browser${text(d.device) ? `: ${text(d.device)}` : ""}`, tone: "ok" }),
  "sign_in.succeeded": (d) => ({
    title:
      d.factor === "sms" ? "Signed in with an SMS code"
      : d.factor === "totp" ? "Signed in with an authenticator app"
      : d.factor === "backup_code" ? "Signed in with a backup code"
      : "Signed in with your password",
    tone: "ok",
  }),
  "sign_in.failed": (d) => ({
    title: d.step === "backup_code" ? "A wrong backup code was entered" : "Failed sign-in: wrong email or password",
    tone: "warn",
  }),
  "code.sent": (d) => ({ title: `Code sent for ${purposeOf(d)}${text(d.phone) ? ` to ${text(d.phone)}` : ""}`, tone: "ok" }),
  "code.send_failed": (d) => ({ title: `A code for ${purposeOf(d)} could not be sent`, tone: "warn" }),
  "code.failed": (d) => ({ title: `Wrong code entered for ${purposeOf(d)}`, tone: "warn" }),
  "account.locked": (d) => ({
    title: `Verification locked after repeated wrong codes${text(d.retryAfterSeconds) ? ` (for ${Math.ceil(Number(d.retryAfterSeconds) / 60)} min)` : ""}`,
    tone: "warn",
  }),
  "phone.changed": (d) => ({ title: `Phone number changed${text(d.phone) ? ` to ${text(d.phone)}` : ""}`, tone: "ok" }),
  "two_factor.enabled": () => ({ title: "Two-factor authentication turned on", tone: "ok" }),
  "two_factor.disabled": () => ({ title: "Two-factor authentication turned off", tone: "warn" }),
  "backup_codes.generated": () => ({ title: "New backup codes created", tone: "ok" }),
  "backup_code.used": (d) => ({ title: `A backup code was used${text(d.left) !== null ? ` (${text(d.left)} left)` : ""}`, tone: "ok" }),
  "authenticator.added": (d) => ({ title: `Authenticator app added${text(d.name) ? `: ${text(d.name)}` : ""}`, tone: "ok" }),
  "authenticator.renamed": (d) => ({ title: `Authenticator app renamed${text(d.name) ? ` to ${text(d.name)}` : ""}`, tone: "ok" }),
  "authenticator.removed": (d) => ({ title: `Authenticator app removed${text(d.name) ? `: ${text(d.name)}` : ""}`, tone: "warn" }),
  "two_factor.reset": () => ({ title: "Two-factor authentication reset by an administrator", tone: "warn" }),
  "account.unlocked": () => ({ title: "Verification unlocked by an administrator", tone: "ok" }),
  "sms.country_paused": () => null,
  "sms.country_resumed": () => null,
};

export type DescribedEvent = { id: string; title: string; tone: "ok" | "warn"; at: Date; ip: string | null };

export function describeEvents(events: StoredAuditEvent[]): DescribedEvent[] {
  return events.flatMap((event) => {
    const described = DESCRIBE[event.type]?.(event.detail ?? {});
    return described ? [{ id: event.id, ...described, at: event.createdAt, ip: event.ip ?? null }] : [];
  });
}
