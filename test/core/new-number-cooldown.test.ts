// Behaviour: someone who typed a wrong number and enters the right one is not made to wait out
// the wrong number's resend cooldown: the cooldown belongs to a number. It must not become a way
// to spray SMS: the same number still waits, and the per-account cap on distinct new numbers a
// day still refuses the next one, however fast they come.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENROLLMENT_NUMBERS_PER_USER_PER_DAY, RESEND_COOLDOWN_SECONDS } from "@twostep/core";
import { createSqlStateStore, openDatabase } from "@twostep/core/sql";
import { randomIp, randomPhone, randomUserId, serviceFor } from "../support/fixtures";

describe("a new number after a send", () => {
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  let challenges: ReturnType<typeof serviceFor>["service"];
  beforeAll(async () => {
    handle = await openDatabase({ pgliteMemory: true });
    ({ service: challenges } = serviceFor(createSqlStateStore(handle.db), handle.db));
  });
  afterAll(async () => handle?.close());

  const enroll = (userId: string, phone: string) => challenges.start({ userId, purpose: "enroll_phone", phone, ip: randomIp() });

  it("is sent at once, while the first number keeps its own cooldown", async () => {
    const userId = randomUserId();
    const [typo, right] = [randomPhone(), randomPhone()];
    expect((await enroll(userId, typo)).ok).toBe(true);
    // The same number again within the cooldown: refused, with the time to wait.
    const again = await enroll(userId, typo);
    expect(again).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(again.ok === false && "retryAfterSeconds" in again && again.retryAfterSeconds).toBeLessThanOrEqual(RESEND_COOLDOWN_SECONDS);

    const corrected = await enroll(userId, right);
    expect(corrected).toMatchObject({ ok: true, status: { phoneLastDigits: right.slice(-4) } });
    // The new code has a cooldown of its own, shown on the page, and a resend meets it.
    expect(corrected.ok && corrected.status.resendAvailableInSeconds).toBeGreaterThan(0);
    expect(await challenges.resend({ userId, purpose: "enroll_phone", ip: randomIp() })).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    // Going back to the first number meets its cooldown again.
    expect(await enroll(userId, typo)).toMatchObject({ ok: false, code: "RATE_LIMITED" });
  });

  it(`still stops one account at ${ENROLLMENT_NUMBERS_PER_USER_PER_DAY} new numbers a day, however fast they come`, async () => {
    const userId = randomUserId();
    for (let i = 0; i < ENROLLMENT_NUMBERS_PER_USER_PER_DAY; i++) expect((await enroll(userId, randomPhone())).ok).toBe(true);
    const refused = await enroll(userId, randomPhone());
    expect(refused).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(refused.ok === false && "retryAfterSeconds" in refused && refused.retryAfterSeconds).toBeGreaterThan(60 * 60);
  });

  it("leaves the other accounts' and the sign-in cooldowns alone", async () => {
    const userId = randomUserId();
    const phone = randomPhone();
    expect((await enroll(userId, phone)).ok).toBe(true);
    // Another purpose for the same account and number has its own cooldown.
    expect((await challenges.start({ userId, purpose: "sign_in", phone, ip: randomIp() })).ok).toBe(true);
    expect(await challenges.start({ userId, purpose: "sign_in", phone, ip: randomIp() })).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    // Another account may enroll the same number (its per-number enrollment cap aside).
    expect((await enroll(randomUserId(), phone)).ok).toBe(true);
  });
});
