/**
 * The defects a Modeler/Cockpit user met, each checked in light and dark at 1024×700 and 1440×900 with no
 * page error: no selection outline floats over another view; side panels resize and collapse and the
 * canvas keeps 400 px; notices sit beside the work (never over it) and go by themselves; a dropped file
 * that is deployed already makes no new version and says so, its notice opens it in the editor, and a
 * file dropped on the canvas opens there; Save As asks for a name (the browser's save dialog where it has
 * one); the XML view checks an edit before it applies it; Deploy & Run takes a business key; the step
 * history is not cut; the processes card follows deploys.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { dropFiles, launchBrowser, type Scheme } from './browser';
import { serviceTaskProcess, uniqueKey } from './bpmn';
import { startHttpServer } from './http-server';
import { appendEnd, appendTask, clickCanvas } from './modeler';
import { go, openScreen, shoot, SIZES, type Screen } from './screens';

let browser: Browser;
let http: Awaited<ReturnType<typeof startHttpServer>>;
beforeAll(async () => { browser = await launchBrowser(); http = await startHttpServer(); }, 60_000);
afterAll(async () => { await browser?.close(); await http?.close(); }, 60_000);

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const combos: [Scheme, keyof typeof SIZES][] = [['light', 'desktop'], ['light', 'small'], ['dark', 'desktop'], ['dark', 'small']];

describe.each(combos)('%s at %s', (scheme, size) => {
  let screen: Screen;
  let page: Page;
  beforeAll(async () => { screen = await openScreen(browser, { scheme, size, hash: '#/editor' }); page = screen.page; }, 180_000);
  afterAll(async () => { await screen?.close(); });

  test('a selected task leaves nothing of the editor over another view', async () => {
    await appendTask(page, 'Selected task');
    const task = await box(page, '.djs-shape[data-element-id^="Activity_"]');
    await go(page, '#/health');
    await page.getByTestId('health-panel').waitFor();
    const shown = await page.evaluate(() => [...document.querySelectorAll('.view[hidden] *')]
      .filter((e) => e.checkVisibility({ visibilityProperty: true })).map((e) => e.getAttribute('class') ?? e.tagName).slice(0, 5));
    expect(shown, 'visible parts of the hidden editor').toEqual([]);
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('.view')?.hasAttribute('hidden'), [task.x + task.width / 2, task.y + 2]);
    expect(hit, 'what is under the task\'s place belongs to the shown view').not.toBe(true);
    await shoot(screen, 'walk-no-outline');
  }, 120_000);

  test('side panels: XML, Draft and Properties beside a canvas of ≥ 400 px; resize with the keyboard and the mouse; collapse and open', async () => {
    await go(page, '#/editor');
    await page.getByTestId('editor-xml').click();
    await page.getByTestId('editor-draft').click();
    await page.getByTestId('copilot-panel').waitFor();
    const canvas = () => box(page, '[data-testid="editor-canvas"]');
    expect((await canvas()).width).toBeGreaterThanOrEqual(400);
    for (const id of ['xml', 'copilot', 'properties']) expect((await box(page, `[data-testid="side-panel-${id}"]`)).width, id).toBeGreaterThanOrEqual(200);
    await shoot(screen, 'walk-three-panels');
    await page.getByTestId('copilot-close').click();
    await page.getByTestId('editor-xml').click();

    const panel = page.getByTestId('side-panel-properties');
    const resizer = page.getByTestId('panel-resizer-properties');
    const before = (await panel.boundingBox())!.width;
    await resizer.focus();
    await page.keyboard.press('ArrowRight'); // narrower
    await expect.poll(async () => (await panel.boundingBox())!.width).toBeLessThan(before);
    const r = (await resizer.boundingBox())!;
    await page.mouse.move(r.x + r.width / 2, r.y + 100);
    await page.mouse.down();
    await page.mouse.move(r.x - 2000, r.y + 100, { steps: 5 }); // as wide as it may get
    await page.mouse.up();
    expect((await canvas()).width, 'the canvas keeps its room').toBeGreaterThanOrEqual(400);
    expect((await panel.boundingBox())!.width).toBeGreaterThan(before);

    await page.getByTestId('panel-collapse-properties').click();
    await expect.poll(() => panel.getAttribute('data-collapsed')).toBe('true');
    expect((await panel.boundingBox())!.width).toBeLessThan(40);
    await page.getByTestId('panel-expand-properties').click();
    await expect.poll(() => panel.getAttribute('data-collapsed')).toBe('false');
    await page.getByTestId('panel-resizer-properties').focus();
    await page.keyboard.press('End'); // back to a narrow one for the next tests
    expect(screen.errors, 'page errors').toEqual([]);
  }, 120_000);

  test('a drop: unchanged again → no new version and it says so; "Open in editor"; on the canvas it opens there', async () => {
    const { client } = testStack();
    const key = uniqueKey('walkdrop');
    const file = { name: `${key}.bpmn`, content: serviceTaskProcess(key, 'http_request', 'Dropped twice') };
    await go(page, '#/monitor');
    await page.getByTestId('instances').waitFor();
    await dropFiles(page, [file], 'body');
    const first = page.getByTestId('deploy-notice').filter({ hasText: key });
    await first.waitFor();
    const version = (await client.definitions()).find((d) => d.key === key)!.version;
    // the notice sits under the work, not over it, and goes by itself
    expect(overlaps((await first.boundingBox())!, await box(page, 'main'))).toBe(false);
    await expect.poll(() => first.count(), { timeout: 60_000 }).toBe(0);

    await dropFiles(page, [file], 'body');
    const again = page.getByTestId('deploy-notice').filter({ hasText: 'no new version' });
    await again.waitFor();
    expect(await again.getByTestId('deployed-process').getAttribute('data-unchanged')).toBe('true');
    expect((await client.definitions()).find((d) => d.key === key)!.version).toBe(version);
    await again.getByTestId('deploy-open-editor').click();
    await page.locator(`[data-testid="diagram-tab"][data-name="${key}.bpmn"]`).waitFor();
    expect(await page.getByTestId('editor').isVisible()).toBe(true);

    const other = uniqueKey('walkcanvas');
    await dropFiles(page, [{ name: `${other}.bpmn`, content: serviceTaskProcess(other, 'http_request') }], '[data-testid="editor-canvas"]');
    await page.locator(`[data-testid="diagram-tab"][data-name="${other}.bpmn"][data-active="true"]`).waitFor();
    await page.locator('.djs-shape[data-element-id="call"]').waitFor();
    expect((await client.definitions()).map((d) => d.key), 'opened, not deployed').not.toContain(other);
    await shoot(screen, 'walk-drop-opened');
  }, 180_000);

  test('the XML view refuses a broken edit with its line and applies a good one', async () => {
    await go(page, '#/editor');
    await page.getByTestId('editor-xml').click();
    const text = page.getByTestId('xml-text');
    await expect.poll(() => text.inputValue()).toContain('id="call"');
    const xml = await text.inputValue();
    await text.fill(xml.replace('</bpmn:serviceTask>', '</bpmn:serviceTsk>'));
    await page.getByTestId('xml-apply').click();
    const problems = page.getByTestId('xml-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toMatch(/line \d+/);
    expect(await page.locator('.djs-shape[data-element-id="call"]').count(), 'the diagram is as it was').toBe(1);
    await text.fill(xml.replace('name="Call service"', 'name="Called from XML"'));
    await page.getByTestId('xml-apply').click();
    await expect.poll(() => page.locator('.djs-shape[data-element-id="call"]').textContent()).toContain('Called from XML');
    expect(await page.getByTestId('editor-title').getAttribute('data-dirty')).toBe('true');
    await page.getByTestId('editor-xml').click();
    expect(screen.errors, 'page errors').toEqual([]);
  }, 120_000);

  test('Save As asks for a name: the browser\'s save dialog where it has one, else a name to download under', async () => {
    // the File System Access API, as Chromium offers it, stands in for the dialog a person would answer
    // (a string: the test runner's transform would give functions defined here names the page does not know)
    await page.evaluate(`window.written = [];
      window.showSaveFilePicker = async (options) => ({
        name: 'chosen-' + options.suggestedName,
        createWritable: async () => ({ write: async (text) => { window.written.push(text); }, close: async () => undefined }),
      });`);
    await page.getByTestId('editor-save-as').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { written: string[] }).written.length)).toBe(1);
    const tab = page.locator('[data-testid="diagram-tab"][data-active="true"]');
    expect(await tab.getAttribute('data-name')).toMatch(/^chosen-/);
    await clickCanvas(page);
    await page.locator('.djs-shape[data-element-id="call"]').click();
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+s'); // the same file again, without asking
    await expect.poll(() => page.evaluate(() => (window as unknown as { written: string[] }).written.length)).toBe(2);
    expect(await page.getByTestId('save-as-dialog').count()).toBe(0);

    // a browser without it: a name, then the download
    await page.evaluate(() => { delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker; });
    await page.getByTestId('editor-save-as').click();
    const dialog = page.getByTestId('save-as-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('save-as-name').fill('my order');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('save-as-confirm').click()]);
    expect(download.suggestedFilename()).toBe('my order.bpmn');
    expect(await tab.getAttribute('data-name')).toBe('my order.bpmn');
    expect(screen.errors, 'page errors').toEqual([]);
  }, 120_000);

  test('Deploy & Run takes a business key; the history shows every step whole; the processes card follows the deploy', async () => {
    const key = uniqueKey('walkrun');
    await page.getByTestId('editor-new').click();
    await appendTask(page, 'Only step');
    await appendEnd(page);
    await page.getByTestId('editor-deploy-run').click();
    const dialog = page.getByTestId('deploy-dialog');
    await dialog.getByTestId('deploy-business-key').fill(key);
    await expect.poll(() => dialog.getByTestId('lint-findings').getAttribute('data-errors')).toBe('0');
    await dialog.getByTestId('deploy-confirm').click();
    await expect.poll(() => page.getByTestId('instance-business-key').textContent(), { timeout: 60_000 }).toBe(key);
    await page.getByTestId('history-step').first().waitFor();
    const cut = await page.getByTestId('instance-history').evaluate((t) => t.scrollWidth > (t.parentElement?.clientWidth ?? 0) + 1);
    expect(cut, 'the history table fits its panel').toBe(false);
    await shoot(screen, 'walk-run-business-key');

    const processKey = (await page.getByTestId('instance-view').locator('h2').textContent())!.replace(/ v\d+$/, '');
    await go(page, '#/health');
    await expect.poll(() => page.getByTestId('component-processes').textContent(), { timeout: 30_000 }).toContain(processKey);
    expect(screen.errors, 'page errors').toEqual([]);
  }, 180_000);
});

test('a restarted worker\'s Restart stays pressed until the worker is back', async () => {
  const screen = await openScreen(browser, { scheme: 'dark', size: 'small', hash: '#/health' });
  try {
    const card = screen.page.getByTestId('component-worker:generic');
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
    const button = card.getByTestId('restart');
    // what a person sees while it comes back, recorded on every change of the card
    await card.evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => {
        const b = el.querySelector<HTMLButtonElement>('[data-testid="restart"]');
        if (el.getAttribute('data-state') !== 'ready' && b && !b.disabled) seen.push(`enabled while ${el.getAttribute('data-state')}`);
      }).observe(el, { attributes: true, subtree: true, childList: true, characterData: true });
    });
    await button.click();
    await screen.page.getByTestId('component-back').filter({ hasText: 'Worker generic' }).waitFor({ timeout: 120_000 });
    const seen = await screen.page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen).toEqual([]);
    await expect.poll(() => button.isDisabled()).toBe(false);
  } finally { await screen.close(); }
}, 180_000);
