/**
 * Diagrams as tabs, in light and dark: New opens a tab and loses nothing, each tab
 * keeps its own diagram and undo history, unsaved tabs carry a marker (also in the window title),
 * Open replaces an untouched new diagram, Save and Deploy act on the active tab, the keyboard
 * switches and closes tabs (Alt+PageDown, Alt+W), closing an unsaved tab asks first, and leaving
 * the page warns while any tab is unsaved.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type Scheme } from './browser';
import { openScreen, shoot } from './screens';
import { lowContrastTexts } from './contrast';
import { serviceTaskProcess, uniqueKey } from './bpmn';

let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); }, 60_000);
afterAll(async () => { await browser?.close(); }, 60_000);

const tabs = (page: Page) => page.getByTestId('diagram-tab');
const tabNamed = (page: Page, name: string) => page.locator(`[data-testid="diagram-tab"][data-name="${name}"]`);
const activeName = (page: Page) => page.locator('[data-testid="diagram-tab"][data-active="true"]').getAttribute('data-name');
const tasks = (page: Page) => page.locator('.djs-shape[data-element-id^="Activity_"]');

describe.each<Scheme>(['light', 'dark'])('editor tabs (%s)', (scheme) => {
  test('several diagrams as tabs: nothing lost, markers, active-tab commands, shortcuts, closing asks', async () => {
    const screen = await openScreen(browser, { scheme, hash: '#/editor' });
    const { page } = screen;
    try {
      // one new diagram to start with
      await expect.poll(() => tabs(page).count()).toBe(1);
      expect(await activeName(page)).toBe('diagram.bpmn');
      await expect.poll(() => page.title()).toBe('diagram.bpmn — ProcOS');

      // an edit marks the tab and the window title unsaved
      await page.locator('[data-element-id="StartEvent_1"]').click();
      await page.locator('.djs-context-pad [data-action="append.append-task"]').click();
      await page.keyboard.type('First task');
      await page.locator('[data-testid="editor-canvas"] svg[data-element-id^="Process_"]').click({ position: { x: 700, y: 500 } });
      await expect.poll(() => tabNamed(page, 'diagram.bpmn').getAttribute('data-dirty')).toBe('true');
      expect(await tabNamed(page, 'diagram.bpmn').textContent()).toContain('•');
      await expect.poll(() => page.title()).toBe('• diagram.bpmn — ProcOS');

      // New opens a second tab without asking; the first keeps its diagram (one canvas in the page)
      await page.getByTestId('editor-new').click();
      await expect.poll(() => tabs(page).count()).toBe(2);
      expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
      expect(await activeName(page)).toBe('diagram-2.bpmn');
      await expect.poll(() => page.title()).toBe('diagram-2.bpmn — ProcOS');
      expect(await tasks(page).count()).toBe(0);
      expect(await page.locator('.djs-container').count()).toBe(1);

      // Open replaces the untouched new diagram; the unsaved one stays
      const key = uniqueKey('tabs');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('editor-open').click()]);
      await chooser.setFiles({ name: `${key}.bpmn`, mimeType: 'application/xml', buffer: Buffer.from(serviceTaskProcess(key, 'http_request', 'Tabs')) });
      await expect.poll(() => activeName(page)).toBe(`${key}.bpmn`);
      await page.locator('.djs-shape[data-element-id="call"]').waitFor();
      expect(await tabs(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['diagram.bpmn', `${key}.bpmn`]);

      // back to the first tab: its task, its unsaved marker and its undo history are all there
      await tabNamed(page, 'diagram.bpmn').getByRole('tab').click();
      await expect.poll(() => tasks(page).count()).toBe(1);
      expect(await page.getByTestId('editor-title').getAttribute('data-dirty')).toBe('true');
      await page.getByTestId('editor-undo').click(); // the name typed in
      await page.getByTestId('editor-undo').click(); // the task appended
      await expect.poll(() => tasks(page).count()).toBe(0);
      await page.getByTestId('editor-redo').click();
      await page.getByTestId('editor-redo').click();
      await expect.poll(() => tasks(page).count()).toBe(1);
      expect(await tasks(page).textContent()).toContain('First task');
      expect(await page.locator('.djs-shape[data-element-id="call"]').count()).toBe(0);
      expect(await lowContrastTexts(page, '[data-testid="diagram-tabs"]')).toEqual([]);
      await shoot(screen, `editor-tabs-${scheme}`);

      // Alt+PageDown switches to the next tab; Save and Deploy act on it
      await page.locator('[data-testid="editor-canvas"] svg[data-element-id^="Process_"]').click({ position: { x: 700, y: 500 } });
      await page.keyboard.press('Alt+PageDown');
      await expect.poll(() => activeName(page)).toBe(`${key}.bpmn`);
      await page.locator('.djs-shape[data-element-id="call"]').click();
      await page.keyboard.press('Delete');
      await expect.poll(() => tabNamed(page, `${key}.bpmn`).getAttribute('data-dirty')).toBe('true');
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
      expect(download.suggestedFilename()).toBe(`${key}.bpmn`);
      const saved = await readFile((await download.path())!, 'utf8');
      expect(saved).toContain(`id="${key}"`);
      expect(saved).not.toContain('id="call"');
      await expect.poll(() => tabNamed(page, `${key}.bpmn`).getAttribute('data-dirty')).toBe('false');
      expect(await tabNamed(page, 'diagram.bpmn').getAttribute('data-dirty')).toBe('true'); // the other tab is untouched
      await page.keyboard.press('Control+Shift+D');
      const deploy = page.getByTestId('deploy-dialog');
      await deploy.waitFor();
      expect(await deploy.textContent()).toContain(`${key}.bpmn`);
      await deploy.getByRole('button', { name: 'Cancel' }).click();

      // Alt+W closes a saved tab at once; an unsaved one asks first (Cancel keeps it)
      await page.locator(`[data-testid="editor-canvas"] svg[data-element-id="${key}"]`).click({ position: { x: 700, y: 500 } });
      await page.keyboard.press('Alt+w');
      await expect.poll(() => tabs(page).count()).toBe(1);
      expect(await activeName(page)).toBe('diagram.bpmn');
      await page.keyboard.press('Alt+w');
      const confirm = page.getByTestId('confirm-dialog');
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain('Close with unsaved changes?');
      expect(await confirm.textContent()).toContain('diagram.bpmn');
      await shoot(screen, `editor-tab-close-asks-${scheme}`);
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => confirm.count()).toBe(0);
      expect(await tasks(page).count()).toBe(1);

      // the close button asks too; Discard closes it, and a fresh diagram takes its place
      await tabNamed(page, 'diagram.bpmn').getByTestId('diagram-tab-close').click();
      await confirm.getByTestId('confirm-ok').click();
      await expect.poll(() => tasks(page).count()).toBe(0);
      await expect.poll(() => tabs(page).count()).toBe(1);
      expect(await tabs(page).first().getAttribute('data-dirty')).toBe('false');
      await expect.poll(() => page.title()).toMatch(/^diagram(-\d+)?\.bpmn — ProcOS$/);

      // leaving the page warns while any tab is unsaved, also one that is not shown
      await page.locator('[data-element-id="StartEvent_1"]').click();
      await page.locator('.djs-context-pad [data-action="append.append-task"]').click();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('editor-title').getAttribute('data-dirty')).toBe('true');
      await page.getByTestId('editor-new').click();
      await expect.poll(() => tabs(page).count()).toBe(2);
      expect(await page.getByTestId('editor-title').getAttribute('data-dirty')).toBe('false');
      expect(screen.errors, 'page errors').toEqual([]);
      const dialogs: string[] = [];
      page.on('dialog', (d) => { dialogs.push(d.type()); void d.dismiss(); });
      await page.close({ runBeforeUnload: true });
      await expect.poll(() => dialogs).toContain('beforeunload');
    } finally {
      await screen.close();
    }
  }, 240_000);
});
