// Threat: a stranger who knows only someone's email types wrong passwords for it until the
// sign-in limit refuses everyone, and so locks the owner out of their own correct password, again
// and again. The hard block is per (email, IP); the email-wide ceiling is far higher and bounds
// guessing spread over many addresses; a browser that signed in before carries a signed device
// cookie that passes the email-wide windows (docs/decisions/008-sign-in-limits-a-stranger-cannot-spend.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_INS_PER_EMAIL_AND_IP_PER_15_MINUTES, SIGN_INS_PER_EMAIL_PER_DAY } from "@twostep/core";
import type { AppServer } from "../support/app-server";
import { APP_BACKENDS } from "./support/app-backends";
import { ClientAt, PASSWORD, signedUp } from "./support/client-at";

for (const backend of APP_BACKENDS) {
  describe(`password limits a stranger can't turn against the owner: ${backend.name}`, async () => {
    const run = await backend.enabled();
    let app: AppServer;
    beforeAll(async () => {
      if (run) app = await backend.start();
    });
    afterAll(async () => {
      await app?.stop();
    });

    /** `count` wrong passwords from one new address; every one is refused as wrong, none by a limit. */
    async function strangerGuesses(email: string, count: number): Promise<ClientAt> {
      const stranger = new ClientAt(app.url);
      for (let i = 0; i < count; i++) expect(await stranger.signInOutcome(email, `wrong guess ${i}`)).toBe("credentials");
      return stranger;
    }

    it.runIf(run)("ten wrong passwords from a stranger block the stranger, not the owner's correct password", async () => {
      const owner = new ClientAt(app.url);
      const email = await signedUp(owner, "lockout-owner");

      const stranger = await strangerGuesses(email, SIGN_INS_PER_EMAIL_AND_IP_PER_15_MINUTES);
      // The stranger's address is blocked for this email, even with the right password…
      expect(await stranger.signInOutcome(email, PASSWORD)).toBe("rate_limited");
      // …while the owner signs in from a browser that never signed in before, and from their own.
      expect(await new ClientAt(app.url).signInOutcome(email, PASSWORD)).toBe("ok");
      expect(await owner.signInOutcome(email, PASSWORD)).toBe("ok");
    });

    it.runIf(run)("guesses spread over many addresses stop at the email-wide ceiling; the owner's own browser still gets in", { timeout: 120_000 }, async () => {
      const owner = new ClientAt(app.url);
      const email = await signedUp(owner, "spread-owner");
      expect(owner.cookies.has("twostep-known-device")).toBe(true);

      for (let sent = 0; sent < SIGN_INS_PER_EMAIL_PER_DAY; sent += SIGN_INS_PER_EMAIL_AND_IP_PER_15_MINUTES) {
        await strangerGuesses(email, Math.min(SIGN_INS_PER_EMAIL_AND_IP_PER_15_MINUTES, SIGN_INS_PER_EMAIL_PER_DAY - sent));
      }
      // Password guessing stays bounded: past the ceiling, a new address is refused too.
      expect(await new ClientAt(app.url).signInOutcome(email, "one more guess")).toBe("rate_limited");
      expect(await new ClientAt(app.url).signInOutcome(email, PASSWORD)).toBe("rate_limited");

      // A device cookie made for another account, or tampered with, is no pass.
      const forger = new ClientAt(app.url);
      await signedUp(forger, "forger");
      expect(await forger.signInOutcome(email, PASSWORD)).toBe("rate_limited");
      const tampered = new ClientAt(app.url);
      tampered.cookies.set("twostep-known-device", owner.cookies.get("twostep-known-device")!.replace(/.$/, (c) => (c === "A" ? "B" : "A")));
      expect(await tampered.signInOutcome(email, PASSWORD)).toBe("rate_limited");

      // The owner's browser signed in before: it passes, even from a new address.
      const ownerElsewhere = new ClientAt(app.url);
      ownerElsewhere.cookies.set("twostep-known-device", owner.cookies.get("twostep-known-device")!);
      expect(await ownerElsewhere.signInOutcome(email, PASSWORD)).toBe("ok");
      // And the owner's success starts the email's count afresh for everyone.
      expect(await new ClientAt(app.url).signInOutcome(email, PASSWORD)).toBe("ok");
    });
  });
}
