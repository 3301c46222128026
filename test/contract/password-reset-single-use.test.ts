// Threat: one reset link used by several requests at the same instant (a double click, an
// attacker racing the owner) sets the password more than once. On PostgreSQL, where the racers
// really run at once on separate connections, and on PGlite, under a host's table prefix: of
// many resets with one link exactly one wins, and a newer link voids it.
import { describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";
import { passwordResetRig } from "../support/password-reset-rig";

const backends: { name: string; enabled: () => Promise<boolean>; open: () => Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> }[] = [
  { name: "PGlite", enabled: async () => true, open: async () => ({ handle: await openDatabase({ pgliteMemory: true, tablePrefix: "acme_" }), drop: async () => {} }) },
  {
    name: "PostgreSQL",
    enabled: postgresAvailable,
    open: async () => {
      const fresh = await createFreshDatabase();
      return { handle: await openDatabase({ url: fresh.url, tablePrefix: "acme_" }), drop: fresh.drop };
    },
  },
];

for (const backend of backends) {
  describe(`a password-reset link under concurrency (${backend.name})`, async () => {
    const run = await backend.enabled();
    it.runIf(run)("lets exactly one of five simultaneous resets through, and refuses an older link", async () => {
      const { handle, drop } = await backend.open();
      try {
        const rig = passwordResetRig(handle);
        const { email } = await rig.newUser();
        const token = await rig.linkFor(email);
        const passwords = [1, 2, 3, 4, 5].map((i) => `racer number ${i} passphrase`);
        const results = await Promise.all(passwords.map((newPassword, i) => rig.accounts.resetPassword({ token, newPassword, ip: `10.0.0.${i + 1}` })));
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok && r.code === "RESET_LINK_INVALID")).toHaveLength(4);
        const winner = passwords[results.findIndex((r) => r.ok)]!;
        expect(await rig.accounts.authenticate({ email, password: winner, ip: "10.0.1.1" })).toMatchObject({ ok: true });

        const older = await rig.linkFor(email);
        const newer = await rig.linkFor(email);
        expect(await rig.accounts.resetPassword({ token: older, newPassword: "from the older link", ip: "10.0.1.2" })).toEqual({ ok: false, code: "RESET_LINK_INVALID" });
        expect(await rig.accounts.resetPassword({ token: newer, newPassword: "from the newer link", ip: "10.0.1.2" })).toEqual({ ok: true });
      } finally {
        await handle.close();
        await drop();
      }
    }, 120_000);
  });
}
