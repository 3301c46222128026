// Threat: the sign-in page's callbackUrl is an open redirect: after signing in on our site, the
// user is sent to another one (a look-alike asking for the password again, or a script URL).
import { describe, expect, it } from "vitest";
import { afterSignInPath, sameOriginPath } from "@/server/auth/callback-url";

describe("callbackUrl: same-origin paths only", () => {
  it("keeps a path and its query on this origin", () => {
    expect(sameOriginPath("/settings/security")).toBe("/settings/security");
    expect(sameOriginPath("/settings/security?tab=sessions")).toBe("/settings/security?tab=sessions");
    expect(sameOriginPath("/dashboard#top")).toBe("/dashboard");
    expect(afterSignInPath("/settings/security")).toBe("/settings/security");
  });

  it.each([
    ["protocol-relative", "//evil.example/path"],
    ["protocol-relative with more slashes", "///evil.example"],
    ["backslash read as a slash", "/\\evil.example"],
    ["backslash anywhere", "/a\\..\\\\evil.example"],
    ["absolute http", "http://evil.example/"],
    ["absolute https", "https://evil.example/settings"],
    ["javascript:", "javascript:alert(document.cookie)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["no leading slash", "evil.example/settings"],
    ["a tab that parsing drops", "/\t/evil.example"],
    ["a newline that parsing drops", "/\n/evil.example"],
    ["dot segments collapsing into //", "/a/..//evil.example"],
    ["encoded dot segments", "/a/%2e%2e//evil.example"],
    ["leading space", " /dashboard"],
    ["the sign-in page (a loop)", "/sign-in?callbackUrl=/dashboard"],
    ["the code page", "/verify/backup"],
    ["empty", ""],
    ["far too long", `/${"a".repeat(2000)}`],
  ])("refuses %s", (_name, hostile) => {
    expect(sameOriginPath(hostile)).toBeNull();
    expect(afterSignInPath(hostile)).toBe("/dashboard");
  });

  it.each([[undefined], [null], [["/settings"]], [{ toString: () => "/settings" }], [42]])("refuses a value that is no string: %j", (value) => {
    expect(afterSignInPath(value)).toBe("/dashboard");
  });
});
