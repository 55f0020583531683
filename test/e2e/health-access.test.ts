/**
 * Deep links and the way in: #/health and an instance link open cleanly (no page
 * error — a diagram laid out in a hidden view used to throw "Failed to execute 'scale' on
 * 'SVGMatrix'"); without the token, the page says in plain words how to get in, readably wide.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { launchBrowser, screenshot } from './browser';
import { clippedRight, openScreen, shoot } from './screens';

let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); }, 60_000);
afterAll(async () => { await browser?.close(); }, 60_000);

test.each([['light', 'wide'], ['dark', 'small']] as const)('deep links load without a page error (%s, %s)', async (scheme, size) => {
  const { client } = testStack();
  const { id } = await client.run({ key: 'ai_query_process', variables: {}, wait: true, timeoutSeconds: 90 }); // ends Rejected at once
  for (const [hash, ready, name] of [
    ['#/health', 'health-panel', 'deeplink-health'],
    [`#/monitor/instance/${id}`, 'history-step', 'deeplink-instance'],
    ['#/monitor?key=ai_query_process', 'definition-diagram', 'deeplink-definition'],
    ['#/ai', 'ai-panel', 'deeplink-ai'],
  ] as const) {
    const screen = await openScreen(browser, { scheme, size, hash });
    try {
      await screen.page.getByTestId(ready).first().waitFor({ timeout: 30_000 });
      // the diagram is drawn (instance view and definition view each show one)
      if (hash.startsWith('#/monitor')) await screen.page.locator('[data-testid="instance-diagram"] .djs-shape:visible, [data-testid="definition-diagram"] .djs-shape:visible').first().waitFor({ timeout: 30_000 });
      if (hash.startsWith('#/monitor')) expect(await clippedRight(screen.page, '.workspace')).toEqual([]);
      await shoot(screen, name);
    } finally { await screen.close(); }
  }
}, 240_000);

test('without the token, the page says how to get in, in readable words', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const url = new URL(testStack().url);
  url.search = '';
  await page.goto(url.toString());
  const help = page.getByTestId('no-token');
  await help.waitFor({ timeout: 30_000 });
  const text = (await help.textContent()) ?? '';
  expect(text).toContain('procos start');
  expect(text).toContain('procos status');
  expect(text).toContain('runtime.json');
  expect((await help.boundingBox())!.width, 'the help is not squeezed into a narrow column').toBeGreaterThan(400);
  await screenshot(page, 'no-token-1024');
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
