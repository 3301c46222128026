// Threat: a stranger mail-bombs any address through the deployment's SMTP. Sign-up does not prove
// the address, so an attacker signs up with victim@example.org and repeats an action that mails a
// security notice ("new backup codes" with their own password) as fast as they like; each one went
// to the victim, and the flood burns the sender's reputation until real reset links stop arriving.
// Notices are now capped per account and per notice type (3 an hour, 6 a day); the capped ones stay
// in the audit log, and the log says so without the address.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "@twostep/core";
import { NOTICE_TYPE_DAILY, NOTICE_TYPE_HOURLY } from "../../packages/core/src/notices/security-notices";
import { coreOverSmtp } from "../support/core-over-smtp";

const VICTIM = "victim@example.org";
const PASSWORD = "correct horse battery staple 42";

afterEach(() => {
  vi.useRealTimers();
});

async function rig() {
  const lines: string[] = [];
  const logger = createLogger({ level: "info", destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
  const { twostep, smtp, signUp } = await coreOverSmtp({ logger });
  const userId = await signUp(VICTIM, PASSWORD, "198.51.100.7");
  const regenerate = async (times: number) => {
    for (let i = 0; i < times; i++) expect(await twostep.twoFactor.regenerateBackupCodes({ userId, password: PASSWORD })).toMatchObject({ ok: true });
    await twostep.notices.idle();
  };
  const backupCodeMails = () => smtp.received.filter((m) => /New backup codes created/.test(m.subject));
  return { twostep, smtp, lines, userId, regenerate, backupCodeMails };
}

describe("an action repeated by whoever signed up with a stranger's address", () => {
  it("mails that address a few notices of the type an hour, not one per request; every event stays in the audit log", { timeout: 300_000 }, async () => {
    const { twostep, lines, userId, regenerate, backupCodeMails } = await rig();

    await regenerate(30);

    expect(backupCodeMails()).toHaveLength(NOTICE_TYPE_HOURLY.points);
    expect(backupCodeMails().every((m) => m.to.join() === VICTIM)).toBe(true);
    const logged = await twostep.audit.pageForUser(userId, { limit: 100, types: ["backup_codes.generated"] });
    expect(logged.events).toHaveLength(30);
    // The capped ones are logged at info, never with the address.
    const capped = lines.filter((line) => line.includes("not mailed"));
    expect(capped).toHaveLength(30 - NOTICE_TYPE_HOURLY.points);
    expect(capped.every((line) => JSON.parse(line).level === 30 && JSON.parse(line).type === "backup_codes.generated")).toBe(true);
    expect(lines.join("\n")).not.toContain(VICTIM);
  });

  it("keeps to a small daily cap of the type when the flood is paced over hours, and mails again the next day", { timeout: 300_000 }, async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const { regenerate, backupCodeMails } = await rig();
    const perHour = NOTICE_TYPE_HOURLY.points;

    const sentAfter: number[] = [];
    // Hour by hour, a full hourly budget's worth and more, until the day's cap is spent and past it.
    const hours = Math.ceil(NOTICE_TYPE_DAILY.points / perHour) + 2;
    for (let hour = 0; hour < hours; hour++) {
      await regenerate(perHour + 2);
      sentAfter.push(backupCodeMails().length);
      vi.setSystemTime(Date.now() + NOTICE_TYPE_HOURLY.durationSeconds * 1000 + 1_000);
    }
    expect(sentAfter.at(-1)).toBe(NOTICE_TYPE_DAILY.points);

    vi.setSystemTime(Date.now() + NOTICE_TYPE_DAILY.durationSeconds * 1000);
    await regenerate(1);
    expect(backupCodeMails()).toHaveLength(NOTICE_TYPE_DAILY.points + 1);
  });
});
