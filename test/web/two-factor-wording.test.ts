// Threat: a person whose only factor is an authenticator app is told their codes come by SMS to
// "your phone number ending in ." (or "ending in null"): the page misstates how their sign-in works.
import { describe, expect, it } from "vitest";
import { secondStepCode } from "@/components/two-factor-wording";

describe("the second step, worded by the factors a user has", () => {
  it("an app alone never mentions a phone", () => {
    expect(secondStepCode({ phoneLastDigits: null, appCount: 1 })).toBe("a code from your authenticator app");
    expect(secondStepCode({ phoneLastDigits: null, appCount: 2 })).toBe("a code from one of your authenticator apps");
  });
  it("a phone alone names its last digits", () => {
    expect(secondStepCode({ phoneLastDigits: "0123", appCount: 0 })).toBe("a code sent to your phone ending in 0123");
  });
  it("both name both", () => {
    expect(secondStepCode({ phoneLastDigits: "0123", appCount: 1 })).toBe("a code from your authenticator app or one sent to your phone ending in 0123");
  });
  it("never says null or leaves a blank", () => {
    for (const phoneLastDigits of [null, "0123"]) {
      for (const appCount of [0, 1, 3]) expect(secondStepCode({ phoneLastDigits, appCount })).not.toMatch(/null|undefined|ending in \.|ending in $/);
    }
  });
});
