import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { DESKTOP, PHONE } from "./browser";

const DIR = path.join(process.cwd(), "test-results", "screenshots");

/** Full-page shots at desktop and phone widths, for a person to look at (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  for (const [label, size] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(DIR, `${name}-${label}.png`), fullPage: true, animations: "disabled" });
  }
  await page.setViewportSize(before);
}
