/**
 * The copilot panel in real Chromium against the real stack and model: a draft shows its phases
 * with elapsed times, the diagram is on the canvas before the draft is done (its structure, before
 * the model has worded it), no raw JSON appears, the draft opens in one tab, Deploy & Run has its
 * start variables filled in, and Explain lists every step of the open diagram.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser';

const DESCRIPTION = 'When an order arrives, validate it. If the amount is above 500, the manager approves it; otherwise email the customer a confirmation.';
const SLOW = 1_200_000;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openApp(browser);
}, 180_000);
afterAll(async () => { await browser?.close(); }, 60_000);

/** When (page time) things first showed: the draft's task on the canvas, the wording phase running, the result. */
async function watch() {
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { copilotSeen: Record<string, number> }).copilotSeen = seen;
    const look = () => {
      const now = performance.now();
      if (!seen.canvas && document.querySelector('[data-testid="editor-canvas"] .djs-shape[data-element-id="ServiceTask_1"]')) seen.canvas = now;
      if (!seen.wording && document.querySelector('[data-testid="copilot-phase"][data-phase="wording"][data-state="running"]')) seen.wording = now;
      if (!seen.result && document.querySelector('[data-testid="copilot-result"]')) seen.result = now;
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

test('a draft shows its phases and its diagram before it is done, then fills in Deploy & Run', async () => {
  await page.getByTestId('editor-draft').click();
  const panel = page.getByTestId('copilot-panel');
  await panel.getByTestId('copilot-description').fill(DESCRIPTION);
  await watch();
  await panel.getByTestId('copilot-draft').click();

  // the phases, each with its time
  const phases = panel.getByTestId('copilot-phase');
  await expect.poll(() => phases.count()).toBe(4);
  await panel.getByTestId('copilot-result').waitFor({ timeout: SLOW });
  expect(await phases.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['done', 'done', 'done', 'done']);
  // each with its time (a phase's end may come just after the answer: its events have a stream of their own)
  await expect.poll(async () => (await phases.allInnerTexts()).filter((text) => !/\d+\.\d s/.test(text)), { timeout: 10_000 }).toEqual([]);
  expect(await panel.locator('[data-phase="structure"]').innerText()).toMatch(/3 steps, 1 decision/);
  await screenshot(page, 'copilot-draft');

  // the structure was on the canvas before the draft was done
  const seen = await page.evaluate(() => (window as unknown as { copilotSeen: Record<string, number> }).copilotSeen);
  expect(seen.canvas, 'the diagram showed on the canvas').toBeGreaterThan(0);
  expect(seen.canvas).toBeLessThan(seen.result);
  expect(seen.wording, 'the wording phase showed as running').toBeGreaterThan(0);

  // no raw JSON, one tab for the draft (the preview was replaced), unsaved
  expect(await panel.innerText()).not.toMatch(/[{[]\s*"/);
  const key = await panel.getByTestId('copilot-result').locator('code').first().innerText(); // the model may have worded the name
  expect(key).toMatch(/order/);
  const tabs = page.locator(`[data-testid="diagram-tab"][data-name="${key}.bpmn"]`);
  await expect.poll(() => tabs.count()).toBe(1);
  expect(await tabs.getAttribute('data-dirty')).toBe('true');
  const names = await page.locator('[data-testid="editor-canvas"] .djs-shape .djs-label').allTextContents();
  expect(names.join(' ')).toMatch(/Manager approves the order/);

  // what to give at start is listed, and Deploy & Run has it filled in
  const asked = await panel.getByTestId('copilot-start-variables').locator('code').allInnerTexts();
  expect(asked).toEqual(['amount', 'customer_email']);
  await page.getByTestId('editor-deploy-run').click();
  const dialog = page.getByTestId('deploy-dialog');
  await dialog.waitFor();
  expect(await dialog.getByTestId('var-name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['amount', 'customer_email']);
  expect(await dialog.getByTestId('var-type').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value))).toEqual(['Number', 'String']);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
}, SLOW);

test('Explain shows its phases, a summary and every step of the open diagram', async () => {
  await page.getByTestId('copilot-close').click();
  await page.getByTestId('editor-explain').click();
  const panel = page.getByTestId('copilot-panel');
  const steps = panel.getByTestId('copilot-steps');
  await steps.waitFor({ timeout: SLOW });
  expect(await panel.getByTestId('copilot-phase').evaluateAll((els) => els.map((e) => e.getAttribute('data-phase')))).toEqual(['reading', 'wording']);
  const text = await steps.innerText();
  for (const name of ['Validate the order', 'Amount is above 500?', 'Manager approves the order', 'Email the customer a confirmation']) expect(text).toContain(`"${name}"`);
  await screenshot(page, 'copilot-explain');
}, SLOW);
