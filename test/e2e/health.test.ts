/**
 * The health panel: every component green with its facts, the worker registry, a log tail; then the
 * Ollama process is killed and its card turns red/amber, and green again once the supervisor restarts it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { launchBrowser, openApp, screenshot } from './browser';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openApp(browser, 'light', '#/health');
}, 180_000);
afterAll(async () => { await browser?.close(); }, 60_000);

const cards = () => page.locator('[data-testid^="component-"]');
const cardStates = () => cards().evaluateAll((els) => els.map((e) => `${e.getAttribute('data-testid')}=${e.getAttribute('data-state')}`));

test('all components are green, with the worker registry and a log tail', async () => {
  await page.getByTestId('health-panel').waitFor();
  await expect.poll(async () => (await cardStates()).filter((s) => !s.endsWith('=ready')), { timeout: 120_000 }).toEqual([]);
  const names = await cardStates();
  for (const name of ['engine', 'ollama']) expect(names).toContain(`component-${name}=ready`);
  expect(names.some((n) => n.startsWith('component-worker'))).toBe(true);

  const workers = page.getByTestId('worker-row');
  await expect.poll(() => workers.count()).toBeGreaterThan(0);
  expect(await page.locator('[data-testid="worker-row"][data-healthy="false"]').count()).toBe(0);
  expect(await page.getByTestId('workers').textContent()).toContain('http_request');

  const engine = page.getByTestId('component-engine');
  await engine.getByTestId('toggle-logs').click();
  await expect.poll(async () => ((await engine.getByTestId('log-tail').textContent()) ?? '').trim().length).toBeGreaterThan(0);
  await screenshot(page, 'health');
}, 300_000);

test('killing the Ollama process: the card goes red/amber, then green after the supervisor restarts it', async () => {
  const { client } = testStack();
  const pid = (await client.status()).components.ollama?.pid;
  expect(pid, 'the test stack must run its own Ollama (not attach to one) so it can be killed').toBeTypeOf('number');
  const card = page.getByTestId('component-ollama');
  await expect.poll(() => card.getAttribute('data-state')).toBe('ready');
  const restartsBefore = Number(await card.getByTestId('restarts').textContent());

  process.kill(pid!, 'SIGKILL');
  await expect.poll(() => card.getAttribute('data-state'), { timeout: 60_000 }).not.toBe('ready');
  expect(['starting', 'failed', 'stopped']).toContain(await card.getAttribute('data-state'));
  expect(await page.getByTestId('health-summary').textContent()).not.toContain('all systems ready');
  await screenshot(page, 'health-ollama-down');

  await expect.poll(() => card.getAttribute('data-state'), { timeout: 180_000 }).toBe('ready');
  await expect.poll(async () => Number(await card.getByTestId('restarts').textContent())).toBeGreaterThan(restartsBefore);
}, 300_000);

test('the Restart button restarts a component: back to ready with one more restart counted', async () => {
  const card = page.getByTestId('component-worker:system');
  await expect.poll(() => card.getAttribute('data-state'), { timeout: 120_000 }).toBe('ready');
  const before = Number(await card.getByTestId('restarts').textContent());
  await card.getByTestId('restart').click();
  await expect.poll(async () => (await card.getAttribute('data-state')) === 'ready' && Number(await card.getByTestId('restarts').textContent()) > before,
    { timeout: 120_000 }).toBe(true);
  expect(await page.getByTestId('notice').filter({ hasText: 'restarting' }).count()).toBeGreaterThan(0);
}, 300_000);
