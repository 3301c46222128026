// Behaviour: on a fresh clone nobody sets APP_ORIGIN, and the links in the dev mail outbox (sign-up,
// password reset, notices) must open the app that is running: outside production the origin is
// the dev server's port (PORT, as `next dev` reads it), 3000 when unset; APP_ORIGIN wins, and in
// production there is no default at all (production-origin-and-endpoints-https.test.ts).
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "@twostep/core/env";

const dev = (env: Record<string, string>) =>
  loadConfig({ NODE_ENV: "development", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "twostep-origin-")), ...env }).origin.toString();

describe("the origin of links outside production", () => {
  it("is the dev server's port, 3000 when none is set", () => {
    expect(dev({})).toBe("http://localhost:3000/");
    expect(dev({ PORT: "4123" })).toBe("http://localhost:4123/");
  });

  it("is APP_ORIGIN when set, whatever the port", () => {
    expect(dev({ PORT: "4123", APP_ORIGIN: "http://twostep.test:8080" })).toBe("http://twostep.test:8080/");
  });

  it("ignores a PORT that is not a port", () => {
    for (const port of ["0", "65536", "abc", "80 ", "-1", ""]) expect(dev({ PORT: port })).toBe("http://localhost:3000/");
  });
});
