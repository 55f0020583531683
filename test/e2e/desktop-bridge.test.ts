/**
 * The renderer drives the desktop shell: real Chromium, the real UI served by the real stack, and a
 * recording stand-in of `window.procosDesktop` (the preload's shape, main/desktop/bridge.ts) installed
 * before the page loads. It checks what the desktop app relies on: the editor calls ready(); a file
 * from the OS opens with its name (in its own tab; the same file again switches to that tab); File >
 * Save writes back to that path, Save As asks; New opens a tab and loses nothing, closing a tab with
 * unsaved changes asks first; the window title carries the file name and an unsaved marker.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { MenuCommand, OpenedFile, SaveRequest } from '../../common/desktop';
import { launchBrowser, screenshot } from './browser';
import { serviceTaskProcess, uniqueKey } from './bpmn';
import { testStack } from '../helpers/stack';

interface Recorded { calls: [string, unknown?][] }

/** Runs in the page before any of its scripts: the bridge as the preload exposes it, recording calls. */
function installDesktopStandin() {
  const rec = { calls: [] as [string, unknown?][], open: [] as ((f: unknown) => void)[], menu: [] as ((c: unknown) => void)[], navigate: [] as ((hash: string) => void)[], saveAsPath: '/home/user/chosen/renamed.bpmn' };
  (window as unknown as { __desktop: typeof rec }).__desktop = rec;
  const listen = <T,>(list: T[], listener: T) => { list.push(listener); return () => { list.splice(list.indexOf(listener), 1); }; };
  (window as unknown as { procosDesktop: unknown }).procosDesktop = {
    platform: 'linux',
    openBpmn: async () => { rec.calls.push(['openBpmn']); return null; },
    saveBpmn: async (request: { path?: string; saveAs?: boolean }) => {
      rec.calls.push(['saveBpmn', request]);
      return { path: request.saveAs || !request.path ? rec.saveAsPath : request.path }; // the dialog "chose" saveAsPath
    },
    onOpenFile: (listener: (f: unknown) => void) => listen(rec.open, listener),
    onMenuCommand: (listener: (c: unknown) => void) => listen(rec.menu, listener),
    onNavigate: (listener: (hash: string) => void) => listen(rec.navigate, listener),
    ready: () => { rec.calls.push(['ready']); },
  };
}

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const key = uniqueKey('desktop');
const file: OpenedFile = { name: `${key}.bpmn`, path: `/home/user/work/${key}.bpmn`, xml: serviceTaskProcess(key, 'http_request', 'Desktop file') };

const calls = () => page.evaluate(() => (window as unknown as { __desktop: Recorded }).__desktop.calls);
const saves = async () => (await calls()).filter(([name]) => name === 'saveBpmn').map(([, req]) => req as SaveRequest);
const menu = (command: MenuCommand) => page.evaluate((c) => (window as unknown as { __desktop: { menu: ((c: string) => void)[] } }).__desktop.menu.forEach((l) => l(c)), command);
const title = () => page.getByTestId('editor-title');
const shapes = (prefix: string) => page.locator(`.djs-shape[data-element-id^="${prefix}"]`);

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' });
  await context.addInitScript(installDesktopStandin);
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(testStack().url);
  await page.getByTestId('tab-editor').waitFor({ timeout: 120_000 });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  expect(pageErrors, 'errors in the page').toEqual([]);
}, 60_000);

test('the editor tells the desktop app it listens, and shows a file from the OS with its name', async () => {
  await expect.poll(async () => (await calls()).filter(([n]) => n === 'ready').length, { timeout: 60_000 }).toBe(1);
  expect(await page.title()).toBe('diagram.bpmn — ProcOS');

  // the shell delivers a file (double-click, argv, second launch): it opens in the editor
  await page.evaluate((f) => (window as unknown as { __desktop: { open: ((f: unknown) => void)[] } }).__desktop.open.forEach((l) => l(f)), file);
  await expect.poll(() => title().textContent()).toContain(file.name);
  await page.locator('.djs-shape[data-element-id="call"]').waitFor();
  expect(await title().getAttribute('title')).toBe(file.path);
  expect(await title().getAttribute('data-dirty')).toBe('false');
  expect(await page.title()).toBe(`${file.name} — ProcOS`);
  // the untouched start-up diagram made way for it; the same file again only switches to its tab
  await page.evaluate((f) => (window as unknown as { __desktop: { open: ((f: unknown) => void)[] } }).__desktop.open.forEach((l) => l(f)), file);
  expect(await page.getByTestId('diagram-tab').count()).toBe(1);
  expect(await page.getByTestId('diagram-tab').getAttribute('data-name')).toBe(file.name);
  await screenshot(page, 'desktop-file-opened');
}, 120_000);

test('File > Save writes the edited diagram back to its own path; Ctrl+S does the same', async () => {
  // an edit on the canvas: append an end event to the task
  await page.locator('.djs-shape[data-element-id="call"]').click();
  await page.locator('.djs-context-pad [data-action="append.end-event"]').click();
  await expect.poll(() => shapes('Event_').count()).toBe(1);
  await page.keyboard.press('Escape');
  await expect.poll(() => title().getAttribute('data-dirty')).toBe('true');
  expect(await page.title()).toBe(`• ${file.name} — ProcOS`);
  const added = await shapes('Event_').first().getAttribute('data-element-id');

  await menu('save');
  await expect.poll(async () => (await saves()).length).toBe(1);
  const [saved] = await saves();
  expect(saved).toMatchObject({ path: file.path, suggestedName: file.name });
  expect(saved.saveAs).toBeFalsy();
  expect(saved.xml).toContain(`id="${key}"`);
  expect(saved.xml).toContain(`id="${added}"`); // the current diagram, with the edit
  await expect.poll(() => title().getAttribute('data-dirty')).toBe('false');
  expect(await page.title()).toBe(`${file.name} — ProcOS`);

  // the keyboard shortcut saves in place too (no download in the desktop app)
  await page.locator('.djs-shape[data-element-id="call"]').click();
  await page.keyboard.press('Delete');
  await expect.poll(() => title().getAttribute('data-dirty')).toBe('true');
  await page.keyboard.press('Control+s');
  await expect.poll(async () => (await saves()).length).toBe(2);
  expect((await saves())[1]).toMatchObject({ path: file.path });
  expect((await saves())[1].xml).not.toContain('id="call"');
  await expect.poll(() => title().getAttribute('data-dirty')).toBe('false');
}, 120_000);

test('File > Save As asks where, and the editor takes the chosen name', async () => {
  await menu('save-as');
  await expect.poll(async () => (await saves()).length).toBe(3);
  expect((await saves())[2]).toMatchObject({ saveAs: true, path: file.path, suggestedName: file.name });
  await expect.poll(() => title().textContent()).toContain('renamed.bpmn');
  expect(await title().getAttribute('title')).toBe('/home/user/chosen/renamed.bpmn');
  expect(await page.title()).toBe('renamed.bpmn — ProcOS');
}, 60_000);

test('File > New keeps the unsaved diagram in its tab (nothing lost); closing that tab asks first', async () => {
  await page.keyboard.press('Control+z'); // the task deleted before comes back: unsaved again
  await expect.poll(() => title().getAttribute('data-dirty')).toBe('true');
  const renamed = page.locator('[data-testid="diagram-tab"][data-name="renamed.bpmn"]');
  await menu('new');
  await expect.poll(() => page.title()).toBe('diagram.bpmn — ProcOS');
  expect(await page.getByTestId('confirm-dialog').count()).toBe(0); // nothing is discarded, so it does not ask
  expect(await title().getAttribute('data-dirty')).toBe('false');
  expect(await page.locator('.djs-shape[data-element-id="call"]').count()).toBe(0);
  expect(await page.getByTestId('diagram-tab').count()).toBe(2);
  expect(await renamed.getAttribute('data-dirty')).toBe('true');
  await screenshot(page, 'desktop-new-tab');

  // the unsaved diagram is still there in its tab
  await renamed.getByRole('tab').click();
  await page.locator('.djs-shape[data-element-id="call"]').waitFor();
  expect(await page.title()).toBe('• renamed.bpmn — ProcOS');

  // closing it asks first; Cancel keeps it, Discard closes it
  await renamed.getByTestId('diagram-tab-close').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.waitFor();
  expect(await confirm.textContent()).toContain('Close with unsaved changes?');
  await screenshot(page, 'desktop-close-asks');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => confirm.count()).toBe(0);
  expect(await page.locator('.djs-shape[data-element-id="call"]').count()).toBe(1);

  await renamed.getByTestId('diagram-tab-close').click();
  await confirm.getByTestId('confirm-ok').click();
  await expect.poll(() => page.locator('.djs-shape[data-element-id="call"]').count()).toBe(0);
  await expect.poll(() => page.title()).toBe('diagram.bpmn — ProcOS');
  expect(await title().getAttribute('data-dirty')).toBe('false');
  expect(await page.getByTestId('diagram-tab').count()).toBe(1);

  // a new diagram has no path: Save asks (the dialog) instead of writing anywhere silently
  await menu('save');
  await expect.poll(async () => (await saves()).length).toBe(4);
  expect((await saves())[3].path).toBeUndefined();
}, 60_000);

test('File > Deploy from another workspace opens the editor with the deploy dialog', async () => {
  await page.getByTestId('tab-health').click();
  await menu('deploy');
  await page.getByTestId('deploy-dialog').waitFor();
  expect(page.url()).toMatch(/#\/editor$/);
  await page.getByTestId('deploy-dialog').getByRole('button', { name: 'Cancel' }).click();
  expect((await calls()).filter(([n]) => n === 'ready')).toHaveLength(1); // once per page, not per command
}, 60_000);
