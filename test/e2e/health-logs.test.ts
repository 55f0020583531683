/**
 * Health, opened by a deep link: log tails open at the newest line with a time on
 * every line, for every component that keeps a log (and no log button where none exists); restarting
 * the engine or the database asks first; a restarted component announces that it is back.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { launchBrowser } from './browser';
import { openScreen, shoot, type Screen } from './screens';

let browser: Browser;
let screen: Screen;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  screen = await openScreen(browser, { hash: '#/health', scheme: 'dark' });
  page = screen.page;
}, 180_000);
afterAll(async () => { await browser?.close(); }, 60_000);

const card = (name: string) => page.getByTestId(`component-${name}`);

test('log tails open at the newest line, every line with its time; a log button only where there is a log', async () => {
  const { client } = testStack();
  await page.getByTestId('health-panel').waitFor();
  await expect.poll(() => page.locator('[data-testid^="component-"]').count()).toBeGreaterThan(5);
  const names = await page.locator('[data-testid^="component-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('component-'.length)));
  for (const name of names) {
    const lines = await client.logs({ name });
    await expect.poll(() => card(name).getByTestId('toggle-logs').count(), { timeout: 10_000 }).toBe(lines.length ? 1 : 0);
  }

  for (const name of ['engine', 'worker:ai']) {
    await card(name).getByTestId('toggle-logs').click();
    const tail = card(name).getByTestId('log-tail');
    await expect.poll(() => tail.getByTestId('log-line').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const untimed = await tail.getByTestId('log-line').evaluateAll((ls) => ls.filter((l) => !l.querySelector('time[datetime]')).length);
    expect(untimed, `${name}: log lines without a time`).toBe(0);
    const scroll = await tail.evaluate((el) => ({ top: el.scrollTop, max: el.scrollHeight - el.clientHeight }));
    expect(scroll.max - scroll.top, `${name}: the tail shows its newest line`).toBeLessThanOrEqual(8);
  }
  await shoot(screen, 'health-logs');
}, 120_000);

test('restarting the engine or the database asks first; Cancel leaves it running', async () => {
  for (const name of ['engine', 'database']) {
    const restartsBefore = await card(name).getByTestId('restarts').textContent();
    await card(name).getByTestId('restart').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/engine restarts|unavailable/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await card(name).getAttribute('data-state')).toBe('ready');
    expect(await card(name).getByTestId('restarts').textContent()).toBe(restartsBefore);
  }
}, 60_000);

test('a restarted worker announces that it is back', async () => {
  const worker = card('worker:system');
  await expect.poll(() => worker.getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
  await worker.getByTestId('restart').click();
  expect(await page.getByTestId('confirm-dialog').count()).toBe(0); // a worker restarts without asking
  const back = page.getByTestId('component-back').filter({ hasText: 'Worker system' });
  await back.waitFor({ timeout: 120_000 });
  expect(await worker.getAttribute('data-state')).toBe('ready');
  await shoot(screen, 'health-back');
}, 180_000);
