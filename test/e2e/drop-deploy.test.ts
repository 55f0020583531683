/**
 * Drag-and-drop deployment: a real drop event carrying Files. A valid .bpmn is deployed and listed;
 * a malformed .bpmn and a non-BPMN file are each refused with their reason, and nothing is deployed.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { dropFiles, launchBrowser, openApp, screenshot } from './browser';
import { serviceTaskProcess, uniqueKey } from './bpmn';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openApp(browser);
}, 180_000);
afterAll(async () => { await browser?.close(); }, 60_000);

const definitionKeys = async () => (await testStack().client.definitions()).map((d) => d.key);

test('dropping a .bpmn file deploys it and links to the definition in the monitor', async () => {
  const key = uniqueKey('dropped');
  await dropFiles(page, [{ name: `${key}.bpmn`, content: serviceTaskProcess(key, 'http_request', 'Dropped process') }]);

  const notice = page.getByTestId('deploy-notice');
  await notice.waitFor();
  expect(await notice.textContent()).toContain(key);
  await screenshot(page, 'drop-deployed');

  await notice.getByTestId('deployed-definition-link').click();
  const row = page.locator(`[data-testid="definition-row"][data-key="${key}"]`);
  await row.waitFor();
  expect(await row.textContent()).toContain('Dropped process');
  expect(await definitionKeys()).toContain(key);
}, 300_000);

test('a malformed .bpmn is refused with file, line and message; nothing is deployed', async () => {
  const key = uniqueKey('malformed');
  const broken = serviceTaskProcess(key, 'http_request').replace('</bpmn:serviceTask>', '</bpmn:serviceTsk>');
  await dropFiles(page, [{ name: 'broken.bpmn', content: broken }]);

  const error = page.getByTestId('deploy-error').last();
  await error.waitFor();
  const text = (await error.textContent()) ?? '';
  expect(text).toContain('Nothing deployed');
  expect(text).toContain('broken.bpmn');
  expect(text).toMatch(/line \d+/);
  expect(await definitionKeys()).not.toContain(key);
}, 300_000);

test('a non-BPMN file is refused with a reason, and a drop mixing it with a valid file deploys nothing', async () => {
  const key = uniqueKey('mixed');
  const before = await testStack().client.definitions();
  await dropFiles(page, [
    { name: 'notes.txt', content: 'just some notes', type: 'text/plain' },
    { name: `${key}.bpmn`, content: serviceTaskProcess(key, 'http_request') },
  ]);

  const error = page.getByTestId('deploy-error').last();
  await error.waitFor();
  const items = await error.getByTestId('deploy-error-item').allTextContents();
  expect(items.join('\n')).toMatch(/notes\.txt.*not a BPMN file/);
  await screenshot(page, 'drop-refused');

  const after = await testStack().client.definitions();
  expect(after.map((d) => d.key)).not.toContain(key);
  expect(after.length).toBe(before.length);
}, 300_000);

test('a drop of several .bpmn files deploys them all', async () => {
  const keys = [uniqueKey('multi_a'), uniqueKey('multi_b')];
  await dropFiles(page, keys.map((k) => ({ name: `${k}.bpmn`, content: serviceTaskProcess(k, 'http_request') })));
  const notice = page.getByTestId('deploy-notice').filter({ hasText: keys[0] });
  await notice.waitFor();
  expect(await notice.getByTestId('deployed-definition-link').count()).toBe(2);
  expect(await notice.textContent()).toContain(keys[1]);
  const deployed = await definitionKeys();
  for (const k of keys) expect(deployed).toContain(k);
}, 300_000);

test('an engine-rejected element is named with its file, line and element id; nothing deployed', async () => {
  const key = uniqueKey('noimpl');
  const xml = serviceTaskProcess(key, 'http_request').replace(' camunda:type="external" camunda:topic="http_request"', '');
  await dropFiles(page, [{ name: 'no-implementation.bpmn', content: xml }]);
  const error = page.getByTestId('deploy-error').filter({ hasText: 'no-implementation.bpmn' }).last();
  await error.waitFor();
  const text = (await error.getByTestId('deploy-error-item').first().textContent()) ?? '';
  expect(text).toMatch(/no-implementation\.bpmn/);
  expect(text).toMatch(/line \d+/);
  expect(text).toContain('element call');
  await screenshot(page, 'drop-engine-error');
  expect(await definitionKeys()).not.toContain(key);
}, 300_000);
