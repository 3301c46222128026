// Threat: a correct code is refused or cut short by the field itself: an authenticator app shows
// "123 456", a person types "123-456", a paste carries spaces, and maxlength keeps only the first
// characters. Both code fields (SMS and app) keep the digits of what was typed or pasted.
import { describe, expect, it } from "vitest";
import { codeDigits, pastedCode } from "@/components/forms/code-digits";

describe("what a code field keeps", () => {
  it("typed: only digits, at most six", () => {
    expect(codeDigits("123-456")).toBe("123456");
    expect(codeDigits(" 123 456")).toBe("123456");
    expect(codeDigits("12a3")).toBe("123");
    expect(codeDigits("12345678")).toBe("123456");
  });
  it("pasted: a whole code with spaces, dashes or words around it", () => {
    expect(pastedCode(" 123 456")).toBe("123456");
    expect(pastedCode("123-456")).toBe("123456");
    expect(pastedCode("Your code: 123456")).toBe("123456");
    expect(pastedCode("12345")).toBeNull();
    expect(pastedCode("1234567")).toBeNull();
  });
});
