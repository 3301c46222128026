import { afterAll, beforeAll } from "vitest";
import { startAppServer, type AppServer } from "../../support/app-server";
import { chromiumAvailable, launchBrowser, type TestBrowser } from "./browser";

/**
 * One production app server and one Chromium for the test file that calls this inside its
 * describe(): started before its tests, stopped after. `run` is false (with a printed notice, or
 * a failure under REQUIRE_SERVICES=1) when Chromium is missing.
 */
export function appAndBrowser(env: Record<string, string | undefined> = {}) {
  const run = chromiumAvailable();
  let app: AppServer | undefined;
  let chromium: TestBrowser | undefined;
  beforeAll(async () => {
    if (!run) return;
    [app, chromium] = await Promise.all([startAppServer(env), launchBrowser()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.stop();
  });
  return {
    run,
    get app(): AppServer {
      if (!app) throw new Error("the app server is not running");
      return app;
    },
    get browser(): TestBrowser["browser"] {
      if (!chromium) throw new Error("the browser is not running");
      return chromium.browser;
    },
  };
}
