// Threat: a stolen session cookie lives forever because every renewal (GET /api/auth/session, any
// page) rolls its expiry forward. The absolute lifetime counts from sign-in and renewal never
// extends it: past it, the session is refused however busy it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { APP_BACKENDS } from "./support/app-backends";
import { ClientAt, signedUp } from "./support/client-at";

const ABSOLUTE_SECONDS = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const backend of APP_BACKENDS) {
  describe(`a session renewed past its absolute lifetime (${backend.name})`, async () => {
    const run = await backend.enabled();
    let app: AppServer;
    beforeAll(async () => {
      if (run) app = await backend.start({ SESSION_ABSOLUTE_SECONDS: String(ABSOLUTE_SECONDS) });
    });
    afterAll(async () => {
      if (run) await app?.stop();
    });

    it.runIf(run)("is refused, though it was renewed every second", async () => {
      const browser = new ClientAt(app.url);
      await signedUp(browser, "absolute");
      const signedInAt = Date.now();
      const renewedCookies = new Set<string>();
      while (Date.now() - signedInAt < (ABSOLUTE_SECONDS - 1.5) * 1000) {
        expect(await browser.session()).toMatchObject({ stage: "full" });
        renewedCookies.add(browser.cookies.get("authjs.session-token")!);
        expect((await browser.fetch("/api/me")).status).toBe(200);
        await sleep(1_000);
      }
      expect(renewedCookies.size).toBeGreaterThan(1);
      await sleep(signedInAt + ABSOLUTE_SECONDS * 1000 + 500 - Date.now());
      expect((await browser.fetch("/api/me")).status).toBe(401);
      expect(await browser.session()).toBeNull();
    });
  });
}
