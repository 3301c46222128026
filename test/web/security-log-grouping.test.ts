// Threat: a burst of small events (someone guessing codes, a script failing sign-ins) floods the
// security log so the change a person must see (two-factor turned off, the phone moved) scrolls
// out of sight, or reads as one more line among forty. Runs of alike events fold into one row
// with a count and a time range; an important change never folds, and an unknown type is still
// listed in words.
import { describe, expect, it } from "vitest";
import type { AuditEventType, StoredAuditEvent } from "@twostep/core";
import { describeEvents } from "@/app/settings/security/describe-event";
import { groupEvents, GROUP_SPAN_MS } from "@/app/settings/security/group-events";

const START = Date.UTC(2026, 10, 29, 20, 19);
let next = 0;

/** An event `secondsAfterStart` after 20:19 UTC; the list is built oldest first and read newest first. */
function event(secondsAfterStart: number, type: string, detail: Record<string, unknown> = {}, ip = "203.0.113.7"): StoredAuditEvent {
  return { id: `e${++next}`, userId: "u1", type: type as AuditEventType, ip, detail, createdAt: new Date(START + secondsAfterStart * 1000) };
}
const newestFirst = (events: StoredAuditEvent[]) => groupEvents(describeEvents([...events].reverse()));

describe("the security log groups runs of alike events and keeps important changes on their own", () => {
  it("five wrong sign-in codes within a minute read as one row with a count and the range", () => {
    const rows = newestFirst([0, 10, 20, 40, 55].map((s) => event(s, "code.failed", { purpose: "sign_in" })));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      title: "5 wrong codes entered for sign-in",
      count: 5,
      oldest: new Date(START),
      newest: new Date(START + 55_000),
      ips: ["203.0.113.7"],
    });
  });

  it("an important change between wrong codes splits the run and stays a row of its own", () => {
    const rows = newestFirst([
      event(0, "code.failed", { purpose: "sign_in" }),
      event(5, "code.failed", { purpose: "sign_in" }),
      event(10, "two_factor.disabled"),
      event(15, "code.failed", { purpose: "sign_in" }),
      event(20, "code.failed", { purpose: "sign_in" }),
      event(25, "code.failed", { purpose: "sign_in" }),
    ]);
    expect(rows.map((r) => [r.title, r.count, r.important])).toEqual([
      ["3 wrong codes entered for sign-in", 3, false],
      ["Two-factor authentication turned off", 1, true],
      ["2 wrong codes entered for sign-in", 2, false],
    ]);
  });

  it("important changes never fold, even two alike in a row", () => {
    const rows = newestFirst([event(0, "password.changed"), event(5, "password.changed")]);
    expect(rows.map((r) => r.count)).toEqual([1, 1]);
  });

  it("the same type with other words, or an attempt past the span, starts a new row", () => {
    const rows = newestFirst([
      event(0, "code.failed", { purpose: "sign_in" }),
      event(5, "code.failed", { purpose: "enroll_phone" }),
      event(10, "code.failed", { purpose: "enroll_phone" }),
      event(10 + GROUP_SPAN_MS / 1000 + 1, "code.failed", { purpose: "enroll_phone" }),
    ]);
    expect(rows.map((r) => [r.title, r.count])).toEqual([
      ["Wrong code entered for phone verification", 1],
      ["2 wrong codes entered for phone verification", 2],
      ["Wrong code entered for sign-in", 1],
    ]);
  });

  it("a run keeps every address and browser it came from", () => {
    const rows = newestFirst([
      event(0, "sign_in.failed", { step: "password", device: "Firefox on Linux" }, "198.51.100.2"),
      event(5, "sign_in.failed", { step: "password", device: "Chrome on Windows" }, "203.0.113.7"),
      event(9, "sign_in.failed", { step: "password", device: "Chrome on Windows" }, "203.0.113.7"),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      title: "3 failed sign-ins: wrong email or password",
      ips: ["203.0.113.7", "198.51.100.2"],
      devices: ["Chrome on Windows", "Firefox on Linux"],
    });
  });

  it("a sign-in refused because the password changed meanwhile says so, apart from wrong passwords", () => {
    const rows = newestFirst([
      event(0, "sign_in.failed", { step: "password" }),
      event(5, "sign_in.succeeded", {}),
      event(6, "sign_in.failed", { step: "password", reason: "password_changed" }),
    ]);
    expect(rows.map((r) => r.title)).toEqual([
      "Sign-in refused: the password had just been changed",
      "Signed in with your password",
      "Failed sign-in: wrong email or password",
    ]);
  });

  it("a type this page has no words for is described generically and still grouped; hidden types stay hidden", () => {
    const rows = newestFirst([
      // A type a later core may record before this page has words for it.
      event(0, "recovery_email.changed"),
      event(3, "recovery_email.changed"),
      event(4, "code.verified"),
      event(5, "sign_in.new_device", { device: "Safari on iOS" }),
      event(6, "password.reset"),
    ]);
    expect(rows.map((r) => r.title)).toEqual([
      "Password reset from an emailed link",
      "Signed in from a new browser: Safari on iOS",
      "Recovery email changed (2 times)",
    ]);
    expect(rows[0]?.important).toBe(true);
  });

  it("trusting a browser is named with its browser and never folded, like every important change", () => {
    const rows = newestFirst([
      event(0, "trusted_device.added", { device: "Firefox on macOS" }),
      event(1, "trusted_device.added", { device: "Firefox on macOS" }),
      event(2, "trusted_devices.revoked", { count: 2 }),
    ]);
    expect(rows.map((r) => [r.title, r.important])).toEqual([
      ["2 trusted browsers were removed", true],
      ["Browser trusted for sign-in without a code: Firefox on macOS", true],
      ["Browser trusted for sign-in without a code: Firefox on macOS", true],
    ]);
  });
});
