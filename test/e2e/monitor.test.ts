/**
 * The instance monitor: server-side paging and filters, and an AI task's tokens arriving live in
 * the instance view (ai_query_process on the bundled model).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { launchBrowser, openApp, screenshot } from './browser';
import { serviceTaskProcess, uniqueKey } from './bpmn';
import { startHttpServer } from './http-server';

let browser: Browser;
let page: Page;
let target: Awaited<ReturnType<typeof startHttpServer>>;

beforeAll(async () => {
  browser = await launchBrowser();
  target = await startHttpServer();
  page = await openApp(browser, 'light', '#/monitor');
}, 180_000);
afterAll(async () => { await browser?.close(); await target?.close(); }, 60_000);

test('instances are paged on the server and filtered by definition and state', async () => {
  const { client } = testStack();
  const key = uniqueKey('paged');
  await client.deploy({ files: [{ name: `${key}.bpmn`, xml: serviceTaskProcess(key, 'http_request', 'Paged') }] });
  await Promise.all(Array.from({ length: 22 }, (_, i) =>
    client.run({ key, variables: { url: `${target.url}/n/${i}` }, wait: true, timeoutSeconds: 90 })));

  await page.evaluate((h) => { location.hash = h; }, `#/monitor?key=${key}`);
  const total = page.getByTestId('instances-total');
  await expect.poll(() => total.textContent()).toBe('22 total');
  await expect.poll(() => page.getByTestId('instance-row').count()).toBe(20);
  await expect.poll(() => page.locator(`[data-testid="definition-row"][data-key="${key}"] [data-testid="count-completed"]`).textContent()).toBe('22');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect.poll(() => page.getByTestId('instance-row').count()).toBe(2);
  expect(await page.getByRole('navigation', { name: 'Pages' }).textContent()).toContain('Page 2 of 2');

  await page.getByTestId('filter-state').selectOption('ACTIVE');
  await expect.poll(() => total.textContent()).toBe('0 total');
  await page.getByTestId('filter-state').selectOption('COMPLETED');
  await expect.poll(() => total.textContent()).toBe('22 total');
  const states = await page.getByTestId('instance-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
  expect(new Set(states)).toEqual(new Set(['COMPLETED']));
  const keys = await page.getByTestId('instance-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
  expect(new Set(keys)).toEqual(new Set([key]));

  // time filters
  await page.getByTestId('filter-after').fill('2099-01-01T00:00');
  await expect.poll(() => total.textContent()).toBe('0 total');
  await page.getByTestId('filter-after').fill('');
  await page.getByTestId('filter-before').fill('2099-01-01T00:00');
  await expect.poll(() => total.textContent()).toBe('22 total');
  await page.getByTestId('filter-before').fill('2000-01-01T00:00');
  await expect.poll(() => total.textContent()).toBe('0 total');
  await page.getByTestId('filter-before').fill('');
  await expect.poll(() => total.textContent()).toBe('22 total');
  await screenshot(page, 'monitor-filtered');
}, 300_000);

test('an AI task shows its tokens arriving live in the instance view', async () => {
  const { client } = testStack();
  await page.evaluate(() => { location.hash = '#/monitor'; });
  await page.getByTestId('definitions').waitFor();
  // a short answer (max_tokens) still streams token by token: the live view is under test, not the prose
  const { id } = await client.startInstance({ key: 'ai_query_process', variables: { user_query: 'Name one benefit of BPMN.', max_tokens: 48 } });
  await page.evaluate((h) => { location.hash = h; }, `#/monitor/instance/${id}`);

  const stream = page.getByTestId('live-ai-stream').first();
  await stream.waitFor({ timeout: 180_000 });
  await expect.poll(async () => ((await stream.textContent()) ?? '').trim().length, { timeout: 180_000 }).toBeGreaterThan(0);
  const view = page.getByTestId('instance-view');
  await expect.poll(() => view.getAttribute('data-state'), { timeout: 330_000 }).toBe('COMPLETED');
  await expect.poll(() => stream.getAttribute('data-done')).toBe('true');
  const streamed = ((await stream.textContent()) ?? '').trim();
  const answer = await page.locator('[data-testid="variable"][data-name="ai_response"]').textContent();
  expect(streamed.length).toBeGreaterThan(0);
  expect((answer ?? '').length).toBeGreaterThan(0);
  await screenshot(page, 'instance-ai');
}, 400_000);
