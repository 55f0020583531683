/**
 * A task that fails: its retries run out, the incident shows with its message in the instance view;
 * once the cause is fixed, Retry makes the instance complete.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { launchBrowser, openApp, screenshot } from './browser';
import { serviceTaskProcess, uniqueKey } from './bpmn';
import { closedPort, startHttpServer } from './http-server';

let browser: Browser;
let page: Page;
let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openApp(browser);
}, 180_000);
afterAll(async () => { await browser?.close(); await server?.close(); }, 60_000);

test('incident with its message → Retry → completes', async () => {
  const { client } = testStack();
  const key = uniqueKey('failing');
  const deployed = await client.deploy({ files: [{ name: `${key}.bpmn`, xml: serviceTaskProcess(key, 'http_request', 'Flaky call') }] });
  expect(deployed.ok).toBe(true);
  const port = await closedPort();
  const { id } = await client.startInstance({ key, variables: { url: `http://127.0.0.1:${port}/ping` } });

  await page.evaluate((h) => { location.hash = h; }, `#/monitor/instance/${id}`);
  const view = page.getByTestId('instance-view');
  await expect.poll(() => view.getAttribute('data-state'), { timeout: 90_000 }).toBe('INCIDENT');
  const incident = page.getByTestId('incident').first();
  const message = (await incident.getByTestId('incident-message').textContent()) ?? '';
  expect(message.trim().length).toBeGreaterThan(0);
  expect(message).toMatch(/ECONNREFUSED|refused|connect/i);
  expect(await page.getByTestId('incident-overlay').count()).toBe(1);
  expect(await page.getByTestId('token-overlay').count()).toBe(1);
  await screenshot(page, 'instance-incident');

  // the definition shows the incident in its counts
  await page.evaluate((h) => { location.hash = h; }, `#/monitor?key=${key}`);
  const row = page.locator(`[data-testid="definition-row"][data-key="${key}"]`);
  await expect.poll(() => row.getByTestId('count-incidents').textContent()).toBe('1');
  await page.locator(`[data-testid="instance-row"][data-state="INCIDENT"]`).first().click();

  // fix the cause (the service comes up), then Retry
  server = await startHttpServer(port);
  await page.getByTestId('incident-retry').first().click();
  await expect.poll(() => view.getAttribute('data-state'), { timeout: 60_000 }).toBe('COMPLETED');
  expect(await page.getByTestId('incident').count()).toBe(0);
  await expect.poll(() => page.locator('[data-testid="variable"][data-name="http_status"]').textContent()).toContain('200');
}, 300_000);

test('Cancel ends an open instance after confirmation', async () => {
  const { client } = testStack();
  const key = uniqueKey('cancel');
  await client.deploy({ files: [{ name: `${key}.bpmn`, xml: serviceTaskProcess(key, 'http_request', 'To cancel') }] });
  const { id } = await client.startInstance({ key, variables: { url: `http://127.0.0.1:${await closedPort()}/never` } });
  await page.evaluate((h) => { location.hash = h; }, `#/monitor/instance/${id}`);
  const view = page.getByTestId('instance-view');
  await expect.poll(() => view.getAttribute('data-state')).toMatch(/ACTIVE|INCIDENT/);
  await page.getByTestId('instance-cancel').click();
  const confirm = page.getByTestId('confirm-dialog');
  expect(await confirm.textContent()).toContain('Cancel this instance?');
  await confirm.getByTestId('confirm-ok').click();
  await expect.poll(() => view.getAttribute('data-state'), { timeout: 60_000 }).toBe('CANCELED');
  expect(await page.getByTestId('instance-cancel').count()).toBe(0);
}, 300_000);
