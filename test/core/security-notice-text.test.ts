// Threat: a security notice that fails its owner: it doesn't say what happened, when, from where
// or what to do, or it carries what must never leave (a code, a full phone number, a secret from
// the event's detail). Each notice type goes through the real SMTP sender to an SMTP server on
// loopback, and the text that arrives is checked.
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, createSecurityNotices, NOTICE_EVENT_TYPES, type NoticeEventType, type SecurityEvent } from "@twostep/core";
import { createSmtpMailSender } from "@twostep/core/smtp";
import { startLoopbackSmtp } from "../support/loopback-smtp";

const silent = createLogger({ level: "silent" });
const AT = new Date("2026-11-30T02:14:09.000Z");
const OWNER = "owner@example.com";

/** What each notice must say happened. */
const HAPPENED: Record<NoticeEventType, RegExp> = {
  "two_factor.enabled": /two-factor authentication was turned on/i,
  "two_factor.disabled": /two-factor authentication was turned off/i,
  "phone.changed": /phone number your sign-in codes go to was changed to \+1••••••0123/i,
  "authenticator.added": /authenticator app \("Work phone"\) was added/i,
  "authenticator.removed": /authenticator app \("Work phone"\) was removed/i,
  "backup_code.used": /backup code was used to sign in.*7 unused backup codes left/i,
  "backup_codes.generated": /new backup codes were created/i,
  "password.changed": /password of your account was changed/i,
  "password.reset": /password of your account was reset with a link/i,
  "account.locked": /locked for 2 minutes after repeated wrong codes/i,
  "two_factor.reset": /administrator reset two-factor authentication/i,
  "sign_in.new_device": /browser that had not signed in before \(Firefox on macOS\)/i,
};

/** A detail stuffed with what must not leave, next to what may. */
const detail = {
  code: "482913",
  otp: "771204",
  note: "your code is 935 118",
  to: "+1 415 555 0123",
  secret: "JBSWY3DPEHPK3PXP",
  phone: "+1••••••0123",
  name: "Work phone",
  device: "Firefox on macOS",
  left: 7,
  retryAfterSeconds: 120,
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("security notices by email", () => {
  it("each notice type reaches the owner's address: what happened, when (UTC), from where, what to do; no code, no full number", { timeout: 30_000 }, async () => {
    const smtp = await startLoopbackSmtp();
    cleanups.push(smtp.close);
    const notices = createSecurityNotices({
      mail: createSmtpMailSender({ url: smtp.url, from: '"twostep" <security@example.com>', logger: silent }),
      emailOf: async (userId) => (userId === "u1" ? OWNER : null),
      logger: silent,
      appName: "Acme",
      securityPageUrl: "https://acme.example.com/settings/security",
    });
    cleanups.push(() => notices.close());

    for (const type of NOTICE_EVENT_TYPES) {
      const event: SecurityEvent = { userId: "u1", type, ip: "203.0.113.7", at: AT, detail };
      await notices.deliver(event);
    }
    // Events that call for no notice send nothing.
    await notices.deliver({ userId: "u1", type: "code.failed", ip: "203.0.113.7", at: AT, detail });
    await notices.deliver({ userId: "u1", type: "sign_in.succeeded", ip: "203.0.113.7", at: AT });
    await notices.idle();

    expect(smtp.received).toHaveLength(NOTICE_EVENT_TYPES.length);
    for (const [i, type] of NOTICE_EVENT_TYPES.entries()) {
      const mail = smtp.received[i]!;
      expect(mail.to).toEqual([OWNER]);
      expect(mail.from).toBe("security@example.com");
      expect(mail.subject).toMatch(/^Acme: /);
      expect(mail.text, type).toMatch(HAPPENED[type]);
      expect(mail.text, type).toContain("When: Monday 30 November 2026, 02:14 UTC");
      expect(mail.text, type).toMatch(/^Where: IP address 203\.0\.113\.7, Firefox on macOS$/m);
      expect(mail.text, type).toMatch(/^If it wasn't you, .{20,}/m);
      expect(mail.text, type).toContain("https://acme.example.com/settings/security");
      // Never a code, a secret or a full number, whatever the event's detail held.
      expect(mail.text, type).not.toMatch(/482913|771204|935 ?118|JBSWY3DPEHPK3PXP|415|555 ?0123/);
      const digits = `${mail.subject}\n${mail.text}`.replace("203.0.113.7", "").replace(/(?<=\d)[\s().-]+(?=\d)/g, "");
      expect(digits, type).not.toMatch(/\d{5,}/);
    }
  });

  it("says where is not recorded rather than guessing, and drops the notice of an account that has no address", { timeout: 30_000 }, async () => {
    const smtp = await startLoopbackSmtp();
    cleanups.push(smtp.close);
    const notices = createSecurityNotices({
      mail: createSmtpMailSender({ url: smtp.url, from: "security@example.com", logger: silent }),
      emailOf: async (userId) => (userId === "u1" ? OWNER : null),
      logger: silent,
      appName: "Acme",
    });
    cleanups.push(() => notices.close());
    await notices.deliver({ userId: "gone", type: "two_factor.disabled", ip: "203.0.113.7", at: AT });
    await notices.deliver({ userId: "u1", type: "backup_codes.generated", at: AT, detail: { phone: "+14155550123" } });
    await notices.idle();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.text).toMatch(/^Where: not recorded$/m);
    expect(smtp.received[0]!.text).not.toMatch(/4155550123/);
  });
});
