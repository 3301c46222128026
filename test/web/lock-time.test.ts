// Threat: a person locked out for a day reads "Try again in 1440:00 (at 10:15)" and can't tell
// whether that is minutes from now or tomorrow. Long locks are said in hours, with the date of
// their end when it is not today.
import { describe, expect, it } from "vitest";
import { lockEndsAt, lockTimeLeft } from "@/components/forms/lock-time";

describe("a lock's time left and end", () => {
  it("a clock under an hour, hours beyond", () => {
    expect(lockTimeLeft(598)).toBe("9:58");
    expect(lockTimeLeft(59)).toBe("0:59");
    expect(lockTimeLeft(86_400)).toBe("24 hours");
    expect(lockTimeLeft(5_400)).toBe("2 hours");
    expect(lockTimeLeft(86_400)).not.toContain("1440");
  });
  it("the end: the time today, the date as well on another day", () => {
    const now = Date.UTC(2025, 2, 5, 10, 0);
    const opts = { locale: "en-US", timeZone: "UTC" };
    expect(lockEndsAt(Date.UTC(2025, 2, 5, 10, 10), now, opts)).toBe("10:10 AM");
    const tomorrow = lockEndsAt(Date.UTC(2025, 2, 6, 10, 0), now, opts);
    expect(tomorrow).toContain("Mar 6");
    expect(tomorrow).toContain("10:00");
  });
});
