// Threat: one account sprays enrollment codes over many numbers (other people's phones, or
// numbers a fraudster is paid for): a number nobody has proved costs one of a few distinct
// numbers the account may try a day, while retrying the same number costs nothing more.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENROLLMENT_NUMBERS_PER_USER_PER_DAY, type LimiterFactory, type StateStore } from "@twostep/core";
import { createSqlStateStore, openDatabase } from "@twostep/core/sql";
import { randomIp, randomPhone, randomUserId, serviceFor } from "../support/fixtures";

/** The 30 s resend cooldown is not what this file tests: it lets every send through. */
function withoutCooldown(store: StateStore): StateStore {
  const limiter: LimiterFactory = (spec) => {
    const real = store.limiter(spec);
    return spec.name === "send:cooldown" ? { ...real, consume: async () => ({ allowed: true }) } : real;
  };
  return { ...store, limiter };
}

describe("enrollment numbers per account", () => {
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  let challenges: ReturnType<typeof serviceFor>["service"];
  beforeAll(async () => {
    handle = await openDatabase({ pgliteMemory: true });
    ({ service: challenges } = serviceFor(withoutCooldown(createSqlStateStore(handle.db)), handle.db));
  });
  afterAll(async () => handle?.close());

  const enroll = (userId: string, phone: string) => challenges.start({ userId, purpose: "enroll_phone", phone, ip: randomIp() });

  it(`lets one account try ${ENROLLMENT_NUMBERS_PER_USER_PER_DAY} distinct numbers a day, then refuses new ones with a retry time`, async () => {
    const userId = randomUserId();
    const phones = Array.from({ length: ENROLLMENT_NUMBERS_PER_USER_PER_DAY }, randomPhone);
    for (const phone of phones) expect((await enroll(userId, phone)).ok).toBe(true);

    const refused = await enroll(userId, randomPhone());
    expect(refused).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(refused.ok === false && "retryAfterSeconds" in refused && refused.retryAfterSeconds).toBeGreaterThan(60 * 60);
    // A number already tried today is still allowed (a resend, a typo fixed back).
    expect((await enroll(userId, phones[0]!)).ok).toBe(true);
    // Another account is not affected.
    expect((await enroll(randomUserId(), randomPhone())).ok).toBe(true);
  });

  it("never counts codes to the user's verified number against it", async () => {
    const userId = randomUserId();
    for (let i = 0; i < ENROLLMENT_NUMBERS_PER_USER_PER_DAY; i++) expect((await enroll(userId, randomPhone())).ok).toBe(true);
    const own = randomPhone();
    const verifiedNumber = { e164: own, verifiedAt: new Date() };
    expect((await challenges.start({ userId, purpose: "enroll_phone", phone: own, ip: randomIp(), verifiedNumber })).ok).toBe(true);
  });
});
