import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { startAppServer, type AppServer } from "../../support/app-server";
import { postgresAvailable } from "../../support/services";
import { chromiumAvailable, launchBrowser, type TestBrowser } from "./browser";

type Suite = { run: boolean; readonly app: AppServer; readonly browser: TestBrowser["browser"] };

/**
 * One production app server and one Chromium for the test file that calls this inside its
 * describe(): started before its tests, stopped after. `run` is false (with a printed notice, or
 * a failure under REQUIRE_SERVICES=1) when Chromium is missing.
 */
export function appAndBrowser(env: Record<string, string | undefined> = {}): Suite {
  return startedAround(chromiumAvailable(), env, false);
}

/**
 * The same, with the app on a fresh PostgreSQL database of its own, and `sql` connected to it for
 * writing state that takes minutes or a carrier to produce. Needs PostgreSQL as well as Chromium.
 */
export async function appAndBrowserOnPostgres(env: Record<string, string | undefined> = {}): Promise<Suite & { readonly sql: postgres.Sql }> {
  const run = chromiumAvailable() && (await postgresAvailable());
  const suite = startedAround(run, env, true);
  let sql: postgres.Sql | undefined;
  beforeAll(() => {
    if (run) sql = postgres(suite.app.databaseUrl!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql?.end();
  });
  return Object.defineProperty(suite, "sql", {
    get() {
      if (!sql) throw new Error("the database is not connected");
      return sql;
    },
  }) as Suite & { readonly sql: postgres.Sql };
}

function startedAround(run: boolean, env: Record<string, string | undefined>, freshPostgres: boolean): Suite {
  let app: AppServer | undefined;
  let chromium: TestBrowser | undefined;
  beforeAll(async () => {
    if (!run) return;
    [app, chromium] = await Promise.all([startAppServer(env, { freshPostgres }), launchBrowser()]);
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
