// Behaviour: DATABASE_TABLE_PREFIX reaches the database options when it is a plain lower-case
// identifier, and a malformed one stops start-up with a message naming the variable.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@twostep/core/env";

const base = { NODE_ENV: "test", CODE_HASH_KEY: createHash("sha256").update("code").digest("base64url") };

describe("DATABASE_TABLE_PREFIX", () => {
  it("is absent from the database options unless set", () => {
    expect(loadConfig(base).database).not.toHaveProperty("tablePrefix");
    expect(loadConfig({ ...base, DATABASE_TABLE_PREFIX: "" }).database).not.toHaveProperty("tablePrefix");
  });

  it("flows into the database options", () => {
    const config = loadConfig({ ...base, DATABASE_URL: "postgres://db/app", DATABASE_TABLE_PREFIX: "twostep_" });
    expect(config.database).toEqual({ url: "postgres://db/app", tablePrefix: "twostep_" });
  });

  it("stops start-up when malformed, naming the variable", () => {
    for (const bad of ["Twostep", "2fa_", "two-step", "x".repeat(32)]) {
      expect(() => loadConfig({ ...base, DATABASE_TABLE_PREFIX: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ ...base, DATABASE_TABLE_PREFIX: bad })).toThrow(/DATABASE_TABLE_PREFIX/);
    }
  });
});
