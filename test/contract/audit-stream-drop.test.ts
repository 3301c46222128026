// Behaviour: a moved batch leaves the audit stream as one trim up to its last id (cheaper inside
// Redis than deleting each id), and no guess appended meanwhile goes with it: an entry that never
// reached SQL stays in the stream until a move lands it, also when the stream lost the batch and
// its ids began again below it (a failover to a replica that was behind, with a slower clock).
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createLogger } from "@twostep/core";
import { createAuditStreamMover, type AuditImport } from "@twostep/core/redis";
import { createSqlAuditImport, createSqlAuditLog } from "@twostep/core/sql";
import { useAuditStreamRig } from "../support/audit-stream-rig";
import { redisAvailable } from "../support/services";

const silent = createLogger({ level: "silent" });

describe("a moved batch leaves the audit stream, and only the batch", async () => {
  const run = await redisAvailable();
  const rig = useAuditStreamRig(run);
  const stream = `${rig.prefix}:audit_stream`;

  /** An entry as the check script appends it (redis-check-code.lua.ts). */
  const append = (userId: string, id = "*") =>
    rig.redis.xadd(stream, id, "user_id", userId, "purpose", "sign_in", "ip", "203.0.113.9", "outcome", "invalid", "retry_after_ms", "-1");
  const failedGuesses = async (userId: string) =>
    (await createSqlAuditLog(rig.db).recentForUser(userId, 50)).filter((e) => e.type === "code.failed").length;

  /** A mover whose first insert waits for the test: between its read and its drop, the test acts. */
  async function moverHeldAfterRead(intervalMs?: number) {
    const sqlLog = createSqlAuditImport(rig.db);
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    let inserting!: () => void;
    const insertStarted = new Promise<void>((resolve) => (inserting = resolve));
    let first = true;
    const held: AuditImport = {
      sink: sqlLog.sink,
      insertOnce: async (rows) => {
        if (first) {
          first = false;
          inserting();
          await gate;
        }
        await sqlLog.insertOnce(rows);
      },
    };
    const mover = createAuditStreamMover({ redis: rig.redis, prefix: rig.prefix, target: held, logger: silent, intervalMs });
    rig.track(mover);
    await insertStarted;
    return { mover, letGo };
  }

  it.runIf(run)("a guess appended while a batch is moved stays in the stream and lands in SQL after it", async () => {
    const early = `u-${randomUUID()}`;
    const late = `u-${randomUUID()}`;
    for (let i = 0; i < 3; i++) await append(early);
    const { mover, letGo } = await moverHeldAfterRead();

    await append(late);
    mover.kick(); // as the check does after appending
    letGo();

    await vi.waitFor(async () => expect(await rig.redis.xlen(stream)).toBe(0), { timeout: 3_000, interval: 25 });
    expect(await failedGuesses(early)).toBe(3);
    expect(await failedGuesses(late)).toBe(1);
    await mover.close();
  });

  it.runIf(run)("a stream that lost the batch and began again below its ids keeps the new entries until they land", async () => {
    const lost = `u-${randomUUID()}`;
    const after = `u-${randomUUID()}`;
    for (let i = 0; i < 3; i++) await append(lost);
    const { letGo } = await moverHeldAfterRead(50);

    // The batch is gone (a promoted replica never had it) and the new server's clock is a minute behind.
    await rig.redis.del(stream);
    await append(after, `${Date.now() - 60_000}-0`);
    letGo();

    await vi.waitFor(async () => expect(await failedGuesses(after)).toBe(1), { timeout: 3_000, interval: 25 });
    await vi.waitFor(async () => expect(await rig.redis.xlen(stream)).toBe(0), { timeout: 3_000, interval: 25 });
    expect(await failedGuesses(lost)).toBe(3);
  });
});
