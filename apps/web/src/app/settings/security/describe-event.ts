import type { AuditEventType, Purpose, StoredAuditEvent } from "@twostep/core";

/** What a code was for, as a person would say it. */
const PURPOSE_WORDS: Record<Purpose, string> = {
  sign_in: "sign-in",
  enroll_phone: "phone verification",
  disable_2fa: "turning off two-factor authentication",
};

const purposeOf = (detail: Record<string, unknown>) => PURPOSE_WORDS[detail.purpose as Purpose] ?? "verification";
const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : null);

type Description = {
  title: string;
  /** The title for several of these in a row ("5 wrong codes entered for sign-in"). */
  many?: (count: number) => string;
  tone: "ok" | "warn";
};
type Describe = (detail: Record<string, unknown>) => Description | null;

/**
 * Security events in plain words. Events a person would not miss (the password step alone, a
 * code accepted on the way to a sign-in) are left out; `null` means "don't list it". Partial on
 * purpose: a type added to the core before this page knows it is described generically (below)
 * rather than breaking the page.
 */
const DESCRIBE: Partial<Record<AuditEventType, Describe>> = {
  "sign_in.password_ok": () => null,
  "code.verified": () => null,
  "password.changed": () => ({ title: "Password changed", tone: "warn" }),
  "password.reset": () => ({ title: "Password reset from an emailed link", tone: "warn" }),
  "account.created": () => ({ title: "Account created", tone: "ok" }),
  "sign_in.new_device": (d) => ({ title: `Signed in from a new browser${text(d.device) ? `: ${text(d.device)}` : ""}`, tone: "ok" }),
  "sign_in.succeeded": (d) => {
    const how =
      d.factor === "sms" ? "with an SMS code"
      : d.factor === "totp" ? "with an authenticator app"
      : d.factor === "backup_code" ? "with a backup code"
      : d.factor === "trusted_device" ? "from a trusted browser"
      : "with your password";
    return { title: `Signed in ${how}`, many: (n) => `${n} sign-ins ${how}`, tone: "ok" };
  },
  "sign_in.failed": (d) =>
    d.step === "backup_code"
      ? { title: "A wrong backup code was entered", many: (n) => `${n} wrong backup codes entered`, tone: "warn" }
      : d.reason === "password_changed"
      ? { title: "Sign-in refused: the password had just been changed", many: (n) => `${n} sign-ins refused: the password had just been changed`, tone: "warn" }
      : { title: "Failed sign-in: wrong email or password", many: (n) => `${n} failed sign-ins: wrong email or password`, tone: "warn" },
  "code.sent": (d) => {
    const to = text(d.phone) ? ` to ${text(d.phone)}` : "";
    return { title: `Code sent for ${purposeOf(d)}${to}`, many: (n) => `${n} codes sent for ${purposeOf(d)}${to}`, tone: "ok" };
  },
  "code.send_failed": (d) => ({
    title: `A code for ${purposeOf(d)} could not be sent`,
    many: (n) => `${n} codes for ${purposeOf(d)} could not be sent`,
    tone: "warn",
  }),
  "code.failed": (d) => ({
    title: `Wrong code entered for ${purposeOf(d)}`,
    many: (n) => `${n} wrong codes entered for ${purposeOf(d)}`,
    tone: "warn",
  }),
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
  "trusted_device.added": (d) => ({ title: `Browser trusted for sign-in without a code${text(d.device) ? `: ${text(d.device)}` : ""}`, tone: "ok" }),
  "trusted_device.removed": () => ({ title: "A trusted browser was removed", tone: "ok" }),
  "trusted_devices.revoked": (d) => ({
    title: text(d.count) === "1" ? "A trusted browser was removed" : `${text(d.count) ?? "All"} trusted browsers were removed`,
    tone: "ok",
  }),
  "two_factor.reset": () => ({ title: "Two-factor authentication reset by an administrator", tone: "warn" }),
  "account.unlocked": () => ({ title: "Verification unlocked by an administrator", tone: "ok" }),
  "sms.country_paused": () => null,
  "sms.country_resumed": () => null,
};

/**
 * The changes a person must never miss, whatever follows them: they are listed on their own
 * ("Important changes") and never folded into a group.
 */
export const IMPORTANT_EVENT_TYPES: readonly string[] = [
  "two_factor.enabled",
  "two_factor.disabled",
  "two_factor.reset",
  "phone.changed",
  "authenticator.added",
  "authenticator.removed",
  "backup_codes.generated",
  "password.changed",
  "password.reset",
  "account.locked",
  "trusted_device.added",
  "trusted_device.removed",
  "trusted_devices.revoked",
] satisfies readonly AuditEventType[];

/** "trusted_device.added" → "Trusted device added": an event this page has no words for yet. */
function describeUnknown(type: string): Description {
  const words = type.replace(/[._]+/g, " ").trim().toLowerCase();
  return { title: words ? words[0]!.toUpperCase() + words.slice(1) : "Security event", tone: "ok" };
}

export type DescribedEvent = {
  id: string;
  type: string;
  title: string;
  many?: (count: number) => string;
  tone: "ok" | "warn";
  important: boolean;
  at: Date;
  ip: string | null;
  /** "Firefox on macOS", where the event recorded the browser. */
  device: string | null;
};

export function describeEvent(event: StoredAuditEvent): DescribedEvent | null {
  const detail = event.detail ?? {};
  const describe = DESCRIBE[event.type] ?? (() => describeUnknown(event.type));
  const described = describe(detail);
  if (!described) return null;
  return {
    id: event.id,
    type: event.type,
    ...described,
    important: IMPORTANT_EVENT_TYPES.includes(event.type),
    at: event.createdAt,
    ip: event.ip ?? null,
    device: event.type === "sign_in.new_device" ? null : text(detail.device),
  };
}

export function describeEvents(events: StoredAuditEvent[]): DescribedEvent[] {
  return events.flatMap((event) => describeEvent(event) ?? []);
}
