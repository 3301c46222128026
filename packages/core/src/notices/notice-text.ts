import type { AuditEventType } from "../ports/audit-log.js";
import type { SecurityEvent } from "../events/security-event-hook.js";

/** The events that send the account's owner an email. */
export const NOTICE_EVENT_TYPES = [
  "two_factor.enabled",
  "two_factor.disabled",
  "phone.changed",
  "authenticator.added",
  "authenticator.removed",
  "backup_code.used",
  "backup_codes.generated",
  "password.changed",
  "password.reset",
  "account.locked",
  "two_factor.reset",
  "sign_in.new_device",
] as const satisfies readonly AuditEventType[];

export type NoticeEventType = (typeof NOTICE_EVENT_TYPES)[number];

export const isNoticeEvent = (type: AuditEventType): type is NoticeEventType => (NOTICE_EVENT_TYPES as readonly string[]).includes(type);

/**
 * What a notice may say about an event: only these fields of its detail, each checked. Masked
 * values only: a phone number must already be masked, and nothing else carries digits a code
 * could hide in.
 */
export type NoticeFacts = {
  type: NoticeEventType;
  userId: string;
  /** ISO 8601, the event's time. */
  at: string;
  ip: string | null;
  /** "Firefox on macOS" (describeDevice), when the event recorded one. */
  device: string | null;
  /** Masked ("+1••••••0123"), phone.changed only. */
  phone: string | null;
  /** An authenticator app's name. */
  factorName: string | null;
  /** Backup codes left after one was used. */
  left: number | null;
  /** How long a lock lasts. */
  retryAfterSeconds: number | null;
};

/** Five digits in a row, separators ignored: a code or a phone number, never put in a mail. */
const holdsCodeOrNumber = (value: string) => /\d{5,}/.test(value.replace(/(?<=\d)[\s().-]+(?=\d)/g, ""));
const shortText = (value: unknown, max: number) =>
  typeof value === "string" && value.trim() !== "" && value.length <= max && !holdsCodeOrNumber(value) ? value.trim() : null;
const count = (value: unknown) => (typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null);
const IP = /^[0-9a-fA-F:.]{2,45}$/;

export function noticeFacts(event: SecurityEvent & { userId: string; type: NoticeEventType }): NoticeFacts {
  const detail = event.detail ?? {};
  const phone = shortText(detail.phone, 32);
  return {
    type: event.type,
    userId: event.userId,
    at: event.at.toISOString(),
    ip: typeof event.ip === "string" && IP.test(event.ip) ? event.ip : null,
    device: shortText(detail.device, 60),
    // Only a masked number: bullets in it, and too few digits left to be anyone's number.
    phone: phone && phone.includes("•") ? phone : null,
    factorName: event.type.startsWith("authenticator.") ? shortText(detail.name, 40) : null,
    left: count(detail.left),
    retryAfterSeconds: count(detail.retryAfterSeconds),
  };
}

export type NoticeMail = { subject: string; text: string };

const WHEN = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/**
 * The last minute formatted and its text. A right code's notice is written with the check, so its
 * body is built before every guess, right or wrong; in a burst of guesses the minute rarely changes,
 * and formatToParts was about 3 % of a check's CPU.
 */
let lastMinute: { key: string; text: string } | null = null;

/** "Monday 30 November 2026, 02:14 UTC". */
export function noticeTime(iso: string): string {
  // An ISO string from toISOString(): "2026-11-30T02:14:59.123Z"; up to the minute it names the text.
  const key = iso.slice(0, 16);
  if (lastMinute?.key === key && iso.length === 24 && iso.endsWith("Z")) return lastMinute.text;
  const parts = Object.fromEntries(WHEN.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const text = `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} UTC`;
  if (iso.length === 24 && iso.endsWith("Z")) lastMinute = { key, text };
  return text;
}

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** What happened, in a subject and an opening sentence, and what to do if it wasn't them. */
function describe(facts: NoticeFacts): { subject: string; happened: string; ifNotYou: string } {
  const secure = "sign in, change your password, and check the second factors on your account";
  switch (facts.type) {
    case "two_factor.enabled":
      return { subject: "Two-factor authentication turned on", happened: "Two-factor authentication was turned on for your account.", ifNotYou: `someone who knows your password may be in your account: ${secure}.` };
    case "two_factor.disabled":
      return { subject: "Two-factor authentication turned off", happened: "Two-factor authentication was turned off for your account. Signing in now takes only your password.", ifNotYou: `someone may be in your account: ${secure}, and turn two-factor authentication back on.` };
    case "phone.changed":
      return { subject: "Sign-in phone number changed", happened: `The phone number your sign-in codes go to was changed${facts.phone ? ` to ${facts.phone}` : ""}.`, ifNotYou: `someone may be moving your codes to their phone: ${secure}.` };
    case "authenticator.added":
      return { subject: "Authenticator app added", happened: `An authenticator app${facts.factorName ? ` ("${facts.factorName}")` : ""} was added to your account. Its codes now sign you in.`, ifNotYou: `someone may have added their own app: ${secure}, and remove any app you don't recognise.` };
    case "authenticator.removed":
      return { subject: "Authenticator app removed", happened: `An authenticator app${facts.factorName ? ` ("${facts.factorName}")` : ""} was removed from your account.`, ifNotYou: `someone may be in your account: ${secure}.` };
    case "backup_code.used":
      return { subject: "A backup code was used", happened: `A backup code was used to sign in to your account${facts.left !== null ? `; ${facts.left} unused backup code${facts.left === 1 ? "" : "s"} left` : ""}.`, ifNotYou: `someone has your password and one of your backup codes: ${secure}, and create new backup codes.` };
    case "backup_codes.generated":
      return { subject: "New backup codes created", happened: "New backup codes were created for your account. The earlier ones no longer work.", ifNotYou: `someone may be in your account: ${secure}, and create new backup codes yourself.` };
    case "password.changed":
      return { subject: "Password changed", happened: "The password of your account was changed.", ifNotYou: "someone may have taken over your account: use \"Forgot password?\" on the sign-in page to set a new one, then check the second factors on your account." };
    case "password.reset":
      return { subject: "Password reset", happened: "The password of your account was reset with a link sent to this address.", ifNotYou: "someone can read this mailbox: secure your email account first, then use \"Forgot password?\" to set a new password." };
    case "account.locked":
      return { subject: "Sign-in locked after wrong codes", happened: `Sign-in to your account was locked${facts.retryAfterSeconds !== null ? ` for ${minutes(facts.retryAfterSeconds)} minute${minutes(facts.retryAfterSeconds) === 1 ? "" : "s"}` : ""} after repeated wrong codes. Only someone who knew your password could try codes.`, ifNotYou: "someone knows your password: change it as soon as you can sign in." };
    case "two_factor.reset":
      return { subject: "Two-factor authentication reset", happened: "An administrator reset two-factor authentication on your account: two-factor authentication is off, your authenticator apps and backup codes were removed, and you were signed out everywhere. Your phone number stays on your account but no longer signs you in; set up two-factor authentication again in your security settings.", ifNotYou: "if you did not ask for this, contact support right away and change your password." };
    case "sign_in.new_device":
      // The event does not say whether a second factor was asked (an account without 2FA signs in
      // with the password alone), so the advice holds either way.
      return { subject: "New sign-in to your account", happened: `Your account was signed in to from a browser that had not signed in before${facts.device ? ` (${facts.device})` : ""}.`, ifNotYou: `someone has your password (and, if two-factor authentication is on, got past your second factor too): sign in, change your password, and check the second factors on your account, or turn two-factor authentication on.` };
  }
}

/**
 * The mail for one event: what happened, when (UTC), from where, and what to do if it wasn't the
 * owner. It never carries a code or a full phone number: only the checked facts above go in.
 */
export function composeNotice(facts: NoticeFacts, settings: { appName: string; securityPageUrl?: string | null }): NoticeMail {
  const { subject, happened, ifNotYou } = describe(facts);
  const where = [facts.ip ? `IP address ${facts.ip}` : null, facts.device].filter(Boolean).join(", ");
  const lines = [
    happened,
    "",
    `When: ${noticeTime(facts.at)}`,
    `Where: ${where || "not recorded"}`,
    "",
    `If this was you, there is nothing to do.`,
    `If it wasn't you, ${ifNotYou}`,
    ...(settings.securityPageUrl ? [`Your security settings: ${settings.securityPageUrl}`] : []),
    "",
    `This is an automatic security notice from ${settings.appName}. It never contains a code: never share one with anyone who asks.`,
  ];
  return { subject: `${settings.appName}: ${subject}`, text: lines.join("\n") };
}
