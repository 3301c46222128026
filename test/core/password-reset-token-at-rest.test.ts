// Threat: someone who reads the database (a backup, a replica, an SQL injection elsewhere) uses a
// pending reset link, or someone who can write it plants a link they know. Only an HMAC of the
// token under a server key is stored: the token is nowhere in the table, and neither is its plain
// SHA-256.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@twostep/core/sql";
import { usePasswordResetRig } from "../support/password-reset-rig";

describe("a password-reset link at rest", () => {
  const rig = usePasswordResetRig();

  it("is 32 random bytes, and the table holds a keyed hash of it, never the token", async () => {
    const { email, user } = await rig.newUser();
    const token = await rig.linkFor(email);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(await rig.linkFor(email)).not.toBe(token);
    const latest = await rig.linkFor(email);

    const rows = await queryRows<Record<string, unknown>>(rig.db, sql`SELECT * FROM ${rig.tables.passwordResets}`);
    expect(rows).toHaveLength(1);
    const everything = JSON.stringify(rows);
    for (const form of [latest, Buffer.from(latest, "base64url").toString("hex"), Buffer.from(latest, "base64url").toString("base64")]) {
      expect(everything).not.toContain(form);
    }
    const unkeyed = [createHash("sha256").update(latest).digest("hex"), createHash("sha256").update(Buffer.from(latest, "base64url")).digest("hex")];
    expect(rows[0]).toMatchObject({ user_id: user.id });
    expect(unkeyed).not.toContain(rows[0]!.token_hash);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("can't be planted: a row holding the plain SHA-256 of a known token does not pass", async () => {
    const { email, password, user } = await rig.newUser();
    const known = Buffer.alloc(32, 7).toString("base64url");
    const nowMs = rig.clock.now();
    await rig.db.insert(rig.tables.passwordResets).values({
      id: "planted",
      userId: user.id,
      tokenHash: createHash("sha256").update(known).digest("hex"),
      createdAtMs: nowMs,
      expiresAtMs: nowMs + 60_000,
    });
    expect(await rig.accounts.resetPassword({ token: known, newPassword: "the planter's passphrase", ip: "10.0.0.1" })).toEqual({
      ok: false,
      code: "RESET_LINK_INVALID",
    });
    expect(await rig.accounts.authenticate({ email, password, ip: "10.0.0.2" })).toMatchObject({ ok: true });
  });
});
