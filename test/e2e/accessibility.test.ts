/**
 * Accessibility of every main view and dialog, in light and dark, at 1024×700 and 1440×900: axe-core
 * finds no critical or serious violation (label-in-name included: what a button shows is its name);
 * each view is one page with a `main` landmark and one `h1`; in every dialog Tab and Shift+Tab stay
 * inside, Esc closes it and focus returns to what opened it; no page error.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { launchBrowser, type Scheme } from './browser';
import { uniqueKey } from './bpmn';
import { go, openScreen, SIZES, type Screen } from './screens';
import { axeViolations, focusEscapes, focusInside } from './a11y';
import { templateTaskProcess } from '../helpers/template-bpmn';
import { eventually } from '../helpers/cli';
import { topicTemplates } from '../../renderer/editor/elementTemplates';

let browser: Browser;
let key: string;
let instanceId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const { client } = testStack();
  key = uniqueKey('a11y');
  const http = topicTemplates().find((t) => t.id.endsWith('http_request'))!;
  expect((await client.deploy({ files: [{ name: `${key}.bpmn`, xml: templateTaskProcess(key, http, 'Fetch the page') }] })).ok).toBe(true);
  instanceId = (await client.startInstance({ key })).id; // no url: an incident at once
  await eventually(async () => (await client.instance({ id: instanceId })).state === 'INCIDENT', 'the incident of the task without its url');
}, 180_000);
afterAll(async () => { await browser?.close(); }, 60_000);

/** In the editor's open (new) diagram: a task after the start event, selected. */
async function selectedTask(page: Page) {
  if (!(await page.locator('.djs-shape[data-element-id^="Activity_"]').count())) {
    await page.locator('[data-element-id="StartEvent_1"]').click();
    await page.locator('.djs-context-pad [data-action="append.append-task"]').click();
    await page.keyboard.type('Check the order');
  }
  // the canvas takes focus with a click on its background first: diagram-js does not select with the click that focuses it
  await page.locator('[data-testid="editor-canvas"] svg[data-element-id^="Process_"]').click({ position: { x: 320, y: 60 } });
  await page.locator('.djs-shape[data-element-id^="Activity_"]').click();
  await page.locator('.bio-properties-panel-select-template-button').waitFor();
}

interface View { name: string; show(page: Page): Promise<void>; after?(page: Page): Promise<void> }

const views: View[] = [
  { name: 'Modeler, a task selected with its properties', show: async (page) => { await go(page, '#/editor'); await selectedTask(page); } },
  {
    name: 'Modeler with XML and Draft beside the canvas',
    show: async (page) => {
      await page.getByTestId('editor-xml').click();
      await page.getByTestId('editor-draft').click();
      await page.getByTestId('copilot-panel').waitFor();
    },
    after: async (page) => { await page.getByTestId('copilot-close').click(); await page.getByTestId('editor-xml').click(); },
  },
  { name: 'Monitor: definitions and instances', show: async (page) => { await go(page, '#/monitor'); await page.getByTestId('instance-row').first().waitFor(); } },
  { name: 'Monitor: a definition with its diagram', show: async (page) => { await go(page, `#/monitor?key=${key}`); await page.getByTestId('stat-incidents').waitFor(); } },
  {
    name: 'Monitor: an instance with an incident, variables by scope, one being edited',
    show: async (page) => {
      await go(page, `#/monitor/instance/${instanceId}`);
      await page.getByTestId('incident').waitFor();
      await page.locator('[data-testid="variable"][data-name="url"] [data-testid="variable-edit"]').click();
      await page.getByTestId('variable-form').waitFor();
    },
    after: async (page) => { await page.getByTestId('variable-form').getByRole('button', { name: 'Cancel' }).click(); },
  },
  {
    name: 'Health, a log open',
    show: async (page) => {
      await go(page, '#/health');
      await page.locator('[data-testid="component-engine"] [data-testid="toggle-logs"]').click();
      await page.getByTestId('log-tail').first().waitFor();
    },
  },
  { name: 'AI', show: async (page) => { await go(page, '#/ai'); await page.getByTestId('ai-model-row').first().waitFor({ timeout: 30_000 }); } },
  { name: 'Tasks', show: async (page) => { await go(page, '#/tasks'); await page.getByTestId('task-list').waitFor(); } },
];

interface Dialog { name: string; testId: string; open(page: Page): Promise<string> }

/** Each opens its dialog and returns the test id of what opened it (focus goes back there). */
const dialogs: Dialog[] = [
  {
    name: 'Start an instance', testId: 'start-dialog',
    open: async (page) => {
      await go(page, `#/monitor?key=${key}`);
      await page.locator(`[data-testid="definition-row"][data-key="${key}"] [data-testid="definition-start"]`).click();
      return 'definition-start';
    },
  },
  {
    name: 'Deploy & Run', testId: 'deploy-dialog',
    open: async (page) => { await go(page, '#/editor'); await page.getByTestId('editor-deploy-run').click(); return 'editor-deploy-run'; },
  },
  {
    name: 'Choose a template', testId: 'template-chooser',
    open: async (page) => { await go(page, '#/editor'); await selectedTask(page); await page.locator('.bio-properties-panel-select-template-button').click(); return ''; },
  },
  {
    name: 'Delete a variable?', testId: 'confirm-dialog',
    open: async (page) => {
      await go(page, `#/monitor/instance/${instanceId}`);
      await page.locator('[data-testid="variable"][data-name="body"] [data-testid="variable-delete"]').click();
      return 'variable-delete';
    },
  },
];

const combos: [Scheme, keyof typeof SIZES][] = [['light', 'desktop'], ['light', 'small'], ['dark', 'desktop'], ['dark', 'small']];

describe.each(combos)('%s at %s', (scheme, size) => {
  let screen: Screen;
  beforeAll(async () => { screen = await openScreen(browser, { scheme, size, hash: '#/editor' }); }, 180_000);
  afterAll(async () => { await screen?.close(); });

  test('every main view: no critical or serious axe violation, one main landmark, one h1', async () => {
    const { page } = screen;
    for (const view of views) {
      await view.show(page);
      expect(await axeViolations(page), view.name).toEqual([]);
      expect(await page.getByRole('main').count(), `${view.name}: main landmark`).toBe(1);
      expect(await page.getByRole('heading', { level: 1 }).count(), `${view.name}: h1`).toBe(1);
      await view.after?.(page);
    }
    expect(screen.errors, 'page errors').toEqual([]);
  }, 240_000);

  test('dialogs: axe-clean, Tab and Shift+Tab stay inside, Esc closes, focus returns', async () => {
    const { page } = screen;
    for (const d of dialogs) {
      const opener = await d.open(page);
      const dialog = page.getByTestId(d.testId);
      await dialog.waitFor();
      // focus-trap moves focus in a tick after the dialog shows (its delayInitialFocus)
      await expect.poll(() => focusInside(page, `[data-testid="${d.testId}"]`), { message: `${d.name}: focus moved in`, timeout: 5000 }).toBe(true);
      expect(await axeViolations(page), d.name).toEqual([]);
      expect(await focusEscapes(page, `[data-testid="${d.testId}"]`), `${d.name}: focus left the dialog`).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count(), { timeout: 5000 }).toBe(0);
      if (opener) await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), { timeout: 5000 }).toBe(opener);
    }
    expect(screen.errors, 'page errors').toEqual([]);
  }, 240_000);
});
