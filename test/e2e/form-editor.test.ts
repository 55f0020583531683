/**
 * Camunda Forms in the Modeler, in real Chromium against the real engine: a `.form` opens in a form-js
 * editor tab, a field's label is changed in its properties and saved (the download has it), the diagram
 * that refers to the form deploys with the open form (alone it would be refused), and the task then shows
 * the changed form in the Tasks view. + Form (the tab bar) makes an empty one. Dropping a diagram with its `.form`
 * deploys both at once; a `.form` form-js cannot read is refused by name and nothing is deployed.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { eventually } from '../helpers/cli';
import { reviewForm, userTaskProcess } from '../helpers/user-tasks';
import { dropFiles, launchBrowser } from './browser';
import { uniqueKey } from './bpmn';
import { go, openScreen, shoot, type Screen } from './screens';

const soon = { timeout: 30_000 };
const work = mkdtempSync(join(tmpdir(), 'procos-forms-'));
let browser: Browser;
let screen: Screen;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  screen = await openScreen(browser, { hash: '#/editor' });
  page = screen.page;
}, 180_000);
afterAll(async () => { await browser?.close(); rmSync(work, { recursive: true, force: true }); }, 60_000);

async function openFile(path: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('editor-open').click();
  await (await chooser).setFiles(path);
}

const tab = (name: string) => page.locator(`[data-testid="diagram-tab"][data-name="${name}"]`);

it('edits a form, saves it, deploys it with the diagram that uses it, and the task shows the change', async () => {
  const key = uniqueKey('form_rt');
  const formId = `${key}_form`;
  writeFileSync(join(work, `${formId}.form`), reviewForm(formId));
  writeFileSync(join(work, `${key}.bpmn`), userTaskProcess(key, 'camunda-form', formId));

  await go(page, '#/editor');
  await openFile(join(work, `${formId}.form`));
  const canvas = page.locator('.fjs-editor-container');
  await canvas.locator('.fjs-form-field-textfield').first().waitFor(soon);
  expect(await page.getByTestId('editor-title').textContent()).toContain(formId);

  await canvas.locator('.fjs-form-field-textfield').first().click();
  const general = page.locator('.fjs-properties-container .bio-properties-panel-group-header', { hasText: 'General' });
  if (await general.getAttribute('class').then((c) => !c?.includes('open'))) await general.click();
  await page.locator('.fjs-properties-container #bio-properties-panel-label').fill('Invoice no.');
  await expect.poll(() => tab(`${formId}.form`).getAttribute('data-dirty'), soon).toBe('true');
  await expect.poll(() => canvas.locator('.fjs-form-field-textfield label').first().textContent(), soon).toMatch(/^Invoice no\./);

  const download = page.waitForEvent('download');
  await page.getByTestId('editor-save').click();
  const saved = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
  expect((await download).suggestedFilename()).toBe(`${formId}.form`);
  expect(saved).toMatchObject({ type: 'default', id: formId });
  expect(saved.components.find((c: { key?: string }) => c.key === 'invoiceNumber').label).toBe('Invoice no.');
  await expect.poll(() => tab(`${formId}.form`).getAttribute('data-dirty'), soon).toBe('false');

  await openFile(join(work, `${key}.bpmn`));
  await tab(`${key}.bpmn`).waitFor(soon);
  await page.locator('.djs-shape[data-element-id="step"]').waitFor(soon);
  await page.getByTestId('editor-deploy').click();
  await page.getByTestId('deploy-confirm').click();
  const notice = page.getByTestId('deploy-notice').or(page.getByTestId('deploy-error')).first();
  await notice.waitFor(soon);
  expect(await notice.getAttribute('data-testid'), await notice.textContent() ?? '').toBe('deploy-notice');

  const { id: instanceId } = await testStack().client.startInstance({ key });
  const task = await eventually(async () => (await testStack().client.tasks({ processKey: key })).items.find((t) => t.instanceId === instanceId), 'the task');
  await go(page, `#/tasks/${task.id}`);
  const field = page.getByTestId('task-camunda-form').locator('.fjs-form-field-textfield label');
  await expect.poll(() => field.first().textContent(), soon).toMatch(/^Invoice no\./);
  expect(screen.errors).toEqual([]);
}, 240_000);

it('+ Form opens an empty form with an id, in both themes at 1024×700', async () => {
  for (const scheme of ['light', 'dark'] as const) {
    const s = await openScreen(browser, { scheme, size: 'small', hash: '#/editor' });
    try {
      await s.page.getByTestId('editor-new-form').click();
      await s.page.locator('[data-testid="diagram-tab"][data-name="form.form"][data-active="true"]').waitFor(soon);
      await s.page.locator('.fjs-editor-container .fjs-palette-field').first().waitFor(soon);
      expect(await s.page.getByTestId('editor-title').textContent()).toMatch(/form\.form · Form_/);
      expect(await s.page.getByTestId('properties-panel').isHidden()).toBe(true); // form-js has its own
      await shoot(s, 'form-editor-new-small');
    } finally { await s.close(); }
  }
}, 180_000);

it('a drop of a diagram with its .form deploys both; a .form form-js cannot read is refused by name', async () => {
  const key = uniqueKey('form_drop');
  await go(page, '#/tasks');
  await dropFiles(page, [{ name: `${key}.bpmn`, content: userTaskProcess(key, 'camunda-form') }, { name: `${key}_form.form`, content: reviewForm(`${key}_form`) }], 'body');
  await page.getByTestId('deploy-notice').filter({ hasText: key }).waitFor(soon); // (an earlier notice may still show)

  const other = uniqueKey('form_bad');
  await dropFiles(page, [{ name: `${other}.bpmn`, content: userTaskProcess(other, 'generated') }, { name: 'broken.form', content: '{"type":"default","components":[' }], 'body');
  const refused = page.getByTestId('deploy-error').filter({ hasText: 'broken.form' });
  await refused.waitFor(soon);
  expect(await refused.getByTestId('deploy-error-item').allTextContents()).toEqual([expect.stringMatching(/^broken\.form: broken\.form: is not JSON/)]);
  expect((await testStack().client.definitions()).some((d) => d.key === other)).toBe(false);
}, 120_000);
