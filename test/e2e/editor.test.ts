/**
 * Model a process in the editor (palette, context pad, properties panel), deploy and start it with a
 * start variable, and watch it complete in the monitor with the path overlaid.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser';
import { startHttpServer } from './http-server';
import { serviceTaskProcess, uniqueKey } from './bpmn';

let browser: Browser;
let page: Page;
let target: Awaited<ReturnType<typeof startHttpServer>>;

beforeAll(async () => {
  browser = await launchBrowser();
  target = await startHttpServer();
  page = await openApp(browser);
}, 180_000);
afterAll(async () => { await browser?.close(); await target?.close(); }, 60_000);

test('model a service task on a ProcOS topic, deploy & run, see it complete with the path overlaid', async () => {
  await newDiagram();

  // start event → append a task, name it
  await page.locator('[data-element-id="StartEvent_1"]').click();
  await page.locator('.djs-context-pad [data-action="append.append-task"]').click();
  await page.keyboard.type('Call service');
  await page.locator('[data-testid="editor-canvas"] svg[data-element-id^="Process_"]').click({ position: { x: 700, y: 500 } });
  const task = page.locator('.djs-shape[data-element-id^="Activity_"]');
  await expect.poll(() => task.count()).toBe(1);
  await expect.poll(() => page.getByTestId('editor-title').getAttribute('data-dirty')).toBe('true');

  // make it an external service task on the topic http_request (common/topics.ts)
  await task.click();
  await page.locator('.djs-context-pad [data-action="replace"]').click();
  await page.locator('.djs-popup [data-id="replace-with-service-task"]').click();
  await page.locator('[data-group-id="group-CamundaPlatform__Implementation"] .bio-properties-panel-group-header').click();
  await page.locator('#bio-properties-panel-implementationType').selectOption('external');
  await page.locator('#bio-properties-panel-externalTopic').fill('http_request');
  // the Camunda 7 extensions are there: input/output mappings, async continuations
  const panel = page.getByTestId('properties-panel');
  for (const group of ['Inputs', 'Outputs', 'Asynchronous continuations', 'External task']) {
    expect(await panel.locator('.bio-properties-panel-group-header-title').allTextContents()).toContain(group);
  }

  // append an end event; undo and redo it with the keyboard
  await page.locator('#bio-properties-panel-externalTopic').press('Tab');
  const canvasRoot = page.locator('[data-testid="editor-canvas"] svg[data-element-id^="Process_"]');
  await canvasRoot.click({ position: { x: 700, y: 500 } });
  await task.click();
  await page.locator('.djs-context-pad [data-action="append.end-event"]').click();
  const ends = page.locator('.djs-shape[data-element-id^="Event_"]');
  await expect.poll(() => ends.count()).toBe(1);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await expect.poll(() => ends.count()).toBe(0);
  await page.keyboard.press('Control+y');
  await expect.poll(() => ends.count()).toBe(1);
  await screenshot(page, 'editor-modeled');

  // Deploy & Run: lint findings first, then a start variable for the task
  await page.getByTestId('editor-deploy-run').click();
  const dialog = page.getByTestId('deploy-dialog');
  await dialog.getByTestId('lint-findings').waitFor();
  await expect.poll(() => dialog.getByTestId('lint-findings').getAttribute('data-errors')).toBe('0');
  await dialog.getByTestId('var-add').click();
  await dialog.getByTestId('var-name').fill('url');
  await dialog.getByTestId('var-value').fill(`${target.url}/hello`);
  await screenshot(page, 'editor-deploy-dialog');
  await dialog.getByTestId('deploy-confirm').click();

  // the instance view opens and the run completes, the path taken is overlaid on the diagram
  const view = page.getByTestId('instance-view');
  await view.waitFor();
  await expect.poll(() => view.getAttribute('data-state'), { timeout: 60_000 }).toBe('COMPLETED');
  await expect.poll(() => page.locator('[data-testid="instance-diagram"] .djs-shape.procos-taken').count()).toBeGreaterThanOrEqual(3);
  expect(await page.locator('[data-testid="instance-diagram"] .djs-connection.procos-taken').count()).toBeGreaterThanOrEqual(2);
  await expect.poll(() => page.locator('[data-testid="variable"][data-name="http_status"]').textContent()).toContain('200');
  await screenshot(page, 'instance-completed');
}, 300_000);

/** New diagram; unsaved changes are discarded through the in-app confirmation. */
async function newDiagram() {
  await page.getByTestId('editor-new').click();
  const confirm = page.getByTestId('confirm-dialog');
  const title = page.getByTestId('editor-title');
  await expect.poll(async () => (await confirm.count()) > 0 || (await title.getAttribute('data-dirty')) === 'false').toBe(true);
  if (await confirm.count()) {
    expect(await confirm.textContent()).toContain('Discard unsaved changes?');
    await confirm.getByTestId('confirm-ok').click();
  }
  await expect.poll(() => title.getAttribute('data-dirty')).toBe('false');
  await expect.poll(() => page.locator('.djs-shape[data-element-id^="Activity_"]').count()).toBe(0);
}

test('the lint findings name what is wrong before deploying', async () => {
  await page.getByTestId('tab-editor').click();
  await newDiagram();
  await page.keyboard.press('Control+Shift+D');
  const dialog = page.getByTestId('deploy-dialog');
  await expect.poll(() => dialog.getByTestId('lint-findings').getAttribute('data-errors')).not.toBe('0');
  const findings = await dialog.getByTestId('lint-finding').allTextContents();
  expect(findings.join('\n')).toMatch(/end event/i);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => dialog.count()).toBe(0);
}, 300_000);

test('open a .bpmn file, an edit marks it dirty, save downloads it and clears the marker', async () => {
  await page.getByTestId('tab-editor').click();
  const key = uniqueKey('opened');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('editor-open').click()]);
  await chooser.setFiles({ name: `${key}.bpmn`, mimeType: 'application/xml', buffer: Buffer.from(serviceTaskProcess(key, 'http_request', 'Opened process')) });
  const title = page.getByTestId('editor-title');
  await expect.poll(() => title.textContent()).toContain(`${key}.bpmn`);
  expect(await title.getAttribute('data-dirty')).toBe('false');
  await page.locator('.djs-shape[data-element-id="call"]').waitFor();

  // move the task a little with the keyboard-free route: select it and delete, then undo
  await page.locator('.djs-shape[data-element-id="call"]').click();
  await page.keyboard.press('Delete');
  await expect.poll(() => page.locator('.djs-shape[data-element-id="call"]').count()).toBe(0);
  await expect.poll(() => title.getAttribute('data-dirty')).toBe('true');
  await page.getByTestId('editor-undo').click();
  await expect.poll(() => page.locator('.djs-shape[data-element-id="call"]').count()).toBe(1);
  await expect.poll(() => title.getAttribute('data-dirty')).toBe('false');
  await page.getByTestId('editor-redo').click();
  await expect.poll(() => title.getAttribute('data-dirty')).toBe('true');

  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
  expect(download.suggestedFilename()).toBe(`${key}.bpmn`);
  const saved = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
  expect(saved).toContain(`id="${key}"`);
  expect(saved).not.toContain('id="call"');
  await expect.poll(() => title.getAttribute('data-dirty')).toBe('false');

  // undo the delete again and deploy it (Ctrl+Shift+D → the dialog → Deploy)
  await page.getByTestId('editor-undo').click();
  await page.keyboard.press('Control+Shift+D');
  const dialog = page.getByTestId('deploy-dialog');
  await expect.poll(() => dialog.getByTestId('lint-findings').getAttribute('data-errors')).toBe('0');
  await dialog.getByTestId('deploy-confirm').click();
  const notice = page.getByTestId('deploy-notice').filter({ hasText: key });
  await notice.waitFor();
  expect(await notice.textContent()).toContain('Opened process');
}, 300_000);

test('keyboard: Tab reaches the workspace tabs and every toolbar button', async () => {
  await page.getByTestId('tab-editor').click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const reached = new Set<string>();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    if (id) reached.add(id);
  }
  for (const id of ['tab-monitor', 'tab-health', 'tab-ai', 'editor-new', 'editor-open', 'editor-save', 'editor-deploy', 'editor-deploy-run']) {
    expect(reached, id).toContain(id);
  }
}, 120_000);
