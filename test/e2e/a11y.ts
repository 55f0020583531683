/**
 * Accessibility checks as the e2e tests run them: axe-core (from npm, injected into the page through
 * the DevTools protocol, which the page's CSP does not apply to) and what a keyboard user meets in a
 * dialog.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation { rule: string; impact: string; help: string; nodes: string[] }

/** The critical and serious axe violations on the page as it is now (every WCAG 2.x A/AA rule and best practice). */
export async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    // label-in-name (a button's name holds the words it shows: what a voice user says) is axe's 'experimental': asked for here
    const result = await axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n').slice(1).join(' ').slice(0, 160)}`) }));
  });
  return found.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}

/** Whether the element with focus is inside `selector`. */
export const focusInside = (page: Page, selector: string) =>
  page.evaluate((sel) => !!document.activeElement && !!document.querySelector(sel)?.contains(document.activeElement), selector);

/**
 * Presses Tab `forward` times, then Shift+Tab `back` times; returns the presses after which focus had
 * left `selector` (none: it is trapped).
 */
export async function focusEscapes(page: Page, selector: string, forward = 12, back = 6): Promise<string[]> {
  const out: string[] = [];
  for (let i = 1; i <= forward + back; i++) {
    await page.keyboard.press(i <= forward ? 'Tab' : 'Shift+Tab');
    if (!(await focusInside(page, selector))) {
      out.push(`${i <= forward ? 'Tab' : 'Shift+Tab'} #${i}: ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80) ?? 'nothing')}`);
    }
  }
  return out;
}
