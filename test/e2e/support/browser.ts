import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { TEST_OUTBOX_TOKEN } from "../../support/app-server";

/**
 * A real Chromium (Debian's, driven by playwright-core) for the browser tests. Where it is not
 * installed the tests skip with a printed notice; under REQUIRE_SERVICES=1 (CI) its absence
 * fails the run instead, so CI can never pass by skipping.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.REQUIRE_SERVICES === "1") {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}, and REQUIRE_SERVICES=1 forbids skipping the browser tests`);
  }
  console.warn(`\n[notice] Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium): browser tests are SKIPPED.\n`);
  return false;
}

export type TestBrowser = { browser: Browser; close(): Promise<void> };

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return { browser, close: () => browser.close() };
}

/**
 * One fresh browser profile per test: a new context has its own cookies and storage, so no
 * session leaks between tests. Console errors and page errors are collected; a test calls
 * `expectNoErrors()` at its end (a hydration mismatch or an uncaught error fails it).
 */
export async function openPage(
  browser: Browser,
  baseURL: string,
  /** More for the context: a `timezoneId`, clipboard `permissions`, another viewport. */
  contextOptions: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: DESKTOP, acceptDownloads: true, locale: "en-US", ...contextOptions });
  context.setDefaultTimeout(15_000);
  // The tester's browser holds the staging outbox's token, as a person reading /dev/outbox would.
  await context.addCookies([{ name: "twostep_outbox_token", value: TEST_OUTBOX_TOKEN, url: baseURL }]);
  const page = await context.newPage();
  const errors: string[] = [];
  // "Leave the page?" (unsaved backup codes): a test that navigates away means to leave.
  page.on("dialog", (dialog) => void (dialog.type() === "beforeunload" ? dialog.accept() : dialog.dismiss()));
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // A refused request (401 from /api/me, 404 page) is logged by Chromium itself; not an app error.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
  });
  return { context, page, errors };
}

/** A throwaway folder for downloads. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "twostep-e2e-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
