// Threat: someone with the account's password and a moment at the owner's browser trusts it (or
// removes the owner's trusted browsers) and nothing tells the owner. Trusting a browser and
// removing trust are security events: they reach the security log and whatever hears its events.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TwoStep } from "@twostep/core/env";
import { startCore } from "../support/core-instance";

const IP = "203.0.113.9";
const FIREFOX_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0";

describe("trusted-browser events on the security log", () => {
  let core: Awaited<ReturnType<typeof startCore>>;
  let twostep: TwoStep;
  beforeAll(async () => {
    core = await startCore();
    twostep = core.twostep;
  });
  afterAll(async () => core?.stop());

  const devices = () => {
    if (!twostep.trustedDevices) throw new Error("trusted devices are off");
    return twostep.trustedDevices;
  };
  const typesFor = async (userId: string) => (await twostep.audit.recentForUser(userId, 20)).map((e) => e.type);

  it("records a trust with its browser, a removal, and a removal of all", async () => {
    const userId = `td-events-${randomUUID()}`;
    const first = await devices().trust(userId, { ip: IP, userAgent: FIREFOX_ON_MAC });
    await devices().trust(userId, { ip: IP });
    await devices().trust(userId, { ip: IP });
    const [added] = (await twostep.audit.recentForUser(userId, 20)).filter((e) => e.type === "trusted_device.added").slice(-1);
    expect(added).toMatchObject({ ip: IP, detail: { device: "Firefox on macOS" } });

    expect(await devices().revoke(userId, first.id)).toBe(true);
    expect(await devices().revokeAll(userId)).toBe(2);
    // Events of one millisecond may list in either order: compare what was recorded, not its order.
    expect((await typesFor(userId)).sort()).toEqual(["trusted_device.added", "trusted_device.added", "trusted_device.added", "trusted_device.removed", "trusted_devices.revoked"]);
    const all = (await twostep.audit.recentForUser(userId, 20)).find((e) => e.type === "trusted_devices.revoked");
    expect(all).toMatchObject({ detail: { count: 2 } });
  });

  it("records nothing for a removal that removed nothing (another user's id, or nothing left)", async () => {
    const owner = `td-owner-${randomUUID()}`;
    const stranger = `td-stranger-${randomUUID()}`;
    const trusted = await devices().trust(owner, { ip: IP });
    expect(await devices().revoke(stranger, trusted.id)).toBe(false);
    expect(await devices().revokeAll(stranger)).toBe(0);
    expect(await typesFor(stranger)).toEqual([]);
    expect(await typesFor(owner)).toEqual(["trusted_device.added"]);
  });
});
