import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = require.resolve("axe-core/axe.min.js");

type Violation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/**
 * Runs axe-core in the page once its colours have settled and returns the serious and critical
 * violations, each as "rule: help (selectors)" so a failing test says what to fix. Lesser findings
 * are left to review: the bar is that nothing blocks a person using a screen reader or a keyboard.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await colourTransitionsSettled(page);
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/**
 * Waits for the page's CSS transitions to end. Buttons and inputs fade between colours
 * (transition-colors), so right after a colour-scheme switch axe would read a colour between the
 * two themes' and report a contrast no one sees. A fixed pause was not enough on a loaded machine,
 * where the fade starts late; the transitions' own `finished` promises are. Two frames first, so
 * a switch made just before has started its transitions. Endless animations (spinners) are
 * not waited for: only transitions end by themselves.
 */
async function colourTransitionsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const transitions = document.getAnimations().filter((animation) => animation instanceof CSSTransition);
    await Promise.all(transitions.map((transition) => transition.finished.catch(() => undefined)));
  });
}

/** WCAG 1.4.10: at 320 CSS px nothing may need scrolling sideways. */
export async function overflowsAt320(page: Page): Promise<string[]> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 720 });
  const wide = await page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= limit) return [];
    // Name the elements that stick out, so the failure says where to look.
    return [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > limit + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}"`);
  });
  if (before) await page.setViewportSize(before);
  return wide;
}
