/**
 * The start-up screen: never a blank window. Before the scripts run the page already says it is
 * starting; while a component is (re)starting the boot phases are shown with their states, and the
 * app opens by itself once everything is ready. The engine is restarted for real to get there.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { launchBrowser, screenshot, type Scheme } from './browser';

let browser: Browser;

beforeAll(async () => { browser = await launchBrowser(); }, 180_000);
afterAll(async () => { await browser?.close(); }, 60_000);

test('the page is never blank, even before the app script runs', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**/assets/*.js', (route) => route.abort());
  await page.goto(testStack().url);
  expect(await page.locator('#root').textContent()).toContain('Starting ProcOS');
  await context.close();
}, 120_000);

test('while the engine restarts, the boot phases show; the app opens by itself when ready', async () => {
  const { client, url } = testStack();
  const restarted = client.restartComponent({ name: 'engine' });
  try {
    await expect.poll(async () => (await client.status()).components.engine?.state, { timeout: 60_000, interval: 200 }).not.toBe('ready');
    for (const colorScheme of ['light', 'dark'] as Scheme[]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
      const page = await context.newPage();
      await page.goto(url);
      const startup = page.getByTestId('startup');
      await startup.waitFor({ timeout: 30_000 });
      const engine = page.getByTestId('phase-engine');
      await engine.waitFor();
      expect(await engine.getAttribute('data-state')).not.toBe('ready');
      expect(await page.getByTestId('phase-ollama').count()).toBe(1);
      expect(await page.getByRole('progressbar', { name: 'Start-up progress' }).count()).toBe(1);
      await screenshot(page, 'screen-startup');
      if (colorScheme === 'dark') {
        await page.getByTestId('tab-editor').waitFor({ timeout: 240_000 });
        expect(await startup.count()).toBe(0);
      }
      await context.close();
    }
  } finally {
    await restarted;
  }
  expect((await client.status()).components.engine?.state).toBe('ready');
}, 300_000);
