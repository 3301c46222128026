// Behaviour: codes are uniform 6-digit strings from the CSPRNG, stored only as keyed hashes bound
// to user and purpose, and what people paste is read leniently but strictly.
import { describe, expect, it } from "vitest";
import { generateCode } from "../../packages/core/src/code/generate-code";
import { createCodeHasher, digestsEqual } from "../../packages/core/src/code/hash-code";
import { parseCode } from "../../packages/core/src/code/parse-code";
import { composeCodeMessage } from "../../packages/core/src/sms/message-text";
import { maskPhone, phoneLastDigits } from "@twostep/core";

describe("codes", () => {
  it("are six digits, leading zeros included, spread over all digits", () => {
    const seen = new Set<string>();
    let leadingZero = 0;
    for (let i = 0; i < 5_000; i++) {
      const code = generateCode();
      expect(code).toMatch(/^\d{6}$/);
      if (code.startsWith("0")) leadingZero++;
      seen.add(code);
    }
    expect(seen.size).toBeGreaterThan(4_950);
    // One in ten should start with 0; far fewer would mean a biased generator or lost padding.
    expect(leadingZero).toBeGreaterThan(350);
  });

  it("hash under a key, bound to user and purpose, never to the plain code", () => {
    const hash = createCodeHasher("k".repeat(16) + "0123456789abcdefghij");
    const a = hash({ userId: "u1", purpose: "sign_in", code: "123456" });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain("123456");
    expect(hash({ userId: "u2", purpose: "sign_in", code: "123456" })).not.toBe(a);
    expect(hash({ userId: "u1", purpose: "disable_2fa", code: "123456" })).not.toBe(a);
    const otherKey = createCodeHasher("z".repeat(16) + "0123456789abcdefghij");
    expect(otherKey({ userId: "u1", purpose: "sign_in", code: "123456" })).not.toBe(a);
    expect(digestsEqual(a, a)).toBe(true);
    expect(digestsEqual(a, a.replace(/.$/, "0") === a ? a.replace(/.$/, "1") : a.replace(/.$/, "0"))).toBe(false);
    expect(() => createCodeHasher("short")).toThrow();
  });

  it("parse what people paste, and nothing else", () => {
    expect(parseCode("123456")).toBe("123456");
    expect(parseCode(" 123 456\n")).toBe("123456");
    for (const bad of ["12345", "1234567", "12345a", "", "１２３４５６", null, undefined, 123456, ["123456"], "1".repeat(100)]) {
      expect(parseCode(bad)).toBeNull();
    }
  });

  it("travel in an SMS that warns against sharing and ends with the origin-bound line", () => {
    const text = composeCodeMessage({ code: "004213", appName: "Acme", host: "auth.example.com", ttlMinutes: 5 });
    expect(text.split("\n").at(-1)).toBe("@auth.example.com #004213");
    expect(text).toMatch(/^004213 is your Acme verification code/);
    expect(text).toMatch(/Do not share/);
  });
});

describe("phone masking", () => {
  it("shows only the last four digits", () => {
    expect(phoneLastDigits("+14155550123")).toBe("0123");
    expect(maskPhone("+14155550123")).toBe("+1••••••0123");
    expect(maskPhone("+14155550123")).not.toContain("415555");
  });
});
