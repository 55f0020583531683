/**
 * The Monitor day to day: ProcOS's own health loop is hidden until asked for; a
 * definition's diagram shows per-activity counts from the engine's statistics; an instance lists its
 * steps in order, start first, each with its times and duration; at 1024×700, in light and dark,
 * nothing is clipped (tables scroll).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { launchBrowser } from './browser';
import { serviceTaskProcess, uniqueKey } from './bpmn';
import { closedPort, startHttpServer } from './http-server';
import { clippedRight, go, openScreen, shoot, type Screen } from './screens';

let browser: Browser;
let screen: Screen;
let page: Page;
const soon = { timeout: 20_000 };

beforeAll(async () => {
  browser = await launchBrowser();
  screen = await openScreen(browser, { hash: '#/monitor' });
  page = screen.page;
}, 180_000);
afterAll(async () => { await browser?.close(); }, 60_000);

test('system processes are hidden until "Show system processes" is ticked', async () => {
  const { client } = testStack();
  // the health loop runs every 30 s
  await expect.poll(async () => (await client.instances({ definitionKey: 'procos_system' })).total, { timeout: 120_000, interval: 2000 }).toBeGreaterThan(0);
  await go(page, '#/monitor');
  await page.getByTestId('definition-row').first().waitFor();
  expect(await page.locator('[data-testid="definition-row"][data-key="procos_system"]').count()).toBe(0);
  expect(await page.getByTestId('system-hidden').textContent()).toContain('1 system process hidden');
  await page.getByTestId('instances-total').waitFor();
  expect(await page.locator('[data-testid="instance-row"][data-key="procos_system"]').count()).toBe(0);

  await page.getByTestId('show-system').check();
  await expect.poll(() => page.locator('[data-testid="definition-row"][data-key="procos_system"]').count(), soon).toBe(1);
  await expect.poll(() => page.locator('[data-testid="instance-row"][data-key="procos_system"]').count(), soon).toBeGreaterThan(0);
  await page.getByTestId('show-system').uncheck();
  await expect.poll(() => page.locator('[data-testid="instance-row"][data-key="procos_system"]').count(), soon).toBe(0);
}, 180_000);

test('the definition diagram counts per activity; an instance lists its steps in order with times', async () => {
  const { client } = testStack();
  const target = await startHttpServer();
  try {
    const key = uniqueKey('counted');
    await client.deploy({ files: [{ name: `${key}.bpmn`, xml: serviceTaskProcess(key, 'http_request', 'Counted') }] });
    const done = await Promise.all([1, 2].map((n) => client.run({ key, variables: { url: `${target.url}/${n}` }, wait: true, timeoutSeconds: 90 })));
    expect(done.map((d) => d.state)).toEqual(['COMPLETED', 'COMPLETED']);
    const { id: failing } = await client.startInstance({ key, variables: { url: `http://127.0.0.1:${await closedPort()}/x` } });
    await expect.poll(async () => (await client.instance({ id: failing })).state, { timeout: 90_000 }).toBe('INCIDENT');

    await go(page, `#/monitor?key=${key}`);
    const diagram = page.getByTestId('definition-diagram');
    await expect.poll(() => diagram.getByTestId('stat-incidents').textContent(), soon).toBe('! 1');
    expect(await diagram.getByTestId('stat-active').textContent()).toBe('1');
    const finished = await diagram.getByTestId('stat-finished').allTextContents();
    expect(finished).toContain('✓ 3'); // the start event: three runs passed it
    expect(finished).toContain('✓ 2'); // the task and the end: two
    await shoot(screen, 'monitor-definition');

    await go(page, `#/monitor/instance/${done[0].id}`);
    const steps = page.getByTestId('history-step');
    await expect.poll(() => steps.count(), soon).toBe(3);
    expect(await steps.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-activity')))).toEqual(['start', 'call', 'end']);
    for (const cell of ['step-start', 'step-end', 'step-duration']) {
      const texts = await page.getByTestId(cell).allTextContents();
      expect(texts.every((t) => t.trim() && t !== '—'), `${cell}: ${texts}`).toBe(true);
    }
    expect(await page.getByTestId('step-duration').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+ ms$|^\d+s$/)]));
  } finally { await target.close(); }
}, 240_000);

test.each(['light', 'dark'] as const)('at 1024×700 (%s) nothing in the monitor is clipped', async (scheme) => {
  const small = await openScreen(browser, { scheme, size: 'small', hash: '#/monitor' });
  try {
    await small.page.getByTestId('instance-row').first().waitFor({ timeout: 30_000 });
    expect(await clippedRight(small.page, '.workspace')).toEqual([]);
    // the Incidents column of the definitions table can be reached
    const incidentsHeader = small.page.getByTestId('definitions').getByRole('columnheader', { name: 'Incidents' });
    await incidentsHeader.scrollIntoViewIfNeeded();
    expect(await incidentsHeader.isVisible()).toBe(true);
    await shoot(small, 'monitor-list');
  } finally { await small.close(); }
}, 120_000);
