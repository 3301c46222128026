// Threat: during a pause of SMS to a country (the pumping guard's answer to a burst of unverified
// sends), a user re-proving the number already on their account gets the first code (a verified
// number is exempt), but "Resend" is sent as a new enrollment and refused COUNTRY_PAUSED for the
// hour: the pause shuts out exactly the users it exempts.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESEND_COOLDOWN_SECONDS } from "@twostep/core";
import { smsCountryPauses } from "../../packages/core/src/adapters/sql/schema";
import { startCore } from "../support/core-instance";
import { randomIp, randomPhone } from "../support/fixtures";
import { latestOutboxCode } from "../support/outbox-codes";

describe("Resend to the number on record during a pause of its country", () => {
  let core: Awaited<ReturnType<typeof startCore>>;
  beforeAll(async () => {
    core = await startCore({ SMS_PROVIDER: "outbox", SMS_ALLOWED_COUNTRIES: "US" });
  });
  afterAll(async () => core.stop());

  it("sends the new code as to a verified number, as the first one was", async () => {
    const t = core.twostep;
    const signedUp = await t.accounts.signUp({ email: `p-${randomUUID()}@example.com`, password: "a long unusual passphrase 8812", ip: randomIp() });
    if (!signedUp.ok) throw new Error(signedUp.code);
    const userId = signedUp.user.id;
    const phone = randomPhone();
    expect(await t.twoFactor.beginPhoneEnrollment({ userId, phone, ip: randomIp() })).toMatchObject({ ok: true });
    expect(await t.twoFactor.confirmPhoneEnrollment({ userId, code: await latestOutboxCode(t.smsLog, phone), ip: randomIp() })).toMatchObject({ ok: true });

    // The resend cooldown is over (its window reset, not waited out).
    const cooldownOver = () =>
      t.store.limiter({ name: "send:cooldown", points: 1, durationSeconds: RESEND_COOLDOWN_SECONDS }).reset(`${userId}:enroll_phone:${phone}`);
    await cooldownOver();
    const now = core.clock.now();
    await t.db.insert(smsCountryPauses).values({ callingCode: "1", pausedUntil: new Date(now + 3_600_000), reason: "test", sent: 30, verified: 0, createdAt: new Date(now), liftedAt: null });
    const first = await t.twoFactor.reverifyPhone({ userId, ip: randomIp() });
    expect(first, JSON.stringify(first)).toMatchObject({ ok: true });
    await cooldownOver();
    expect(await t.twoFactor.resendPhoneCode({ userId, ip: randomIp() })).toMatchObject({ ok: true });
    // A number that isn't the user's is still held by the pause.
    expect(await t.twoFactor.beginPhoneEnrollment({ userId, phone: randomPhone(), ip: randomIp() })).toMatchObject({ ok: false, code: "COUNTRY_PAUSED" });
  });
});
