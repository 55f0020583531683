/**
 * The editor as a person sees it (palette, templates, files and tabs at every size), in light and dark, at
 * 1024×700 with the same states looked at again at 1400×900: a diagram with lint errors shows its
 * markers on the canvas and its rows in Problems (a click selects the element); two tabs, one
 * unsaved; the XML view; the element-template chooser making a task an "HTTP request"; the "Draft
 * from description" panel (opened, not run: a draft takes minutes with the real model). In every
 * state no control sticks out of the window or is cut off, text reaches 4.5:1, no page error.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot, type Scheme } from './browser';
import { clippedRight, openScreen, SIZES, type Screen } from './screens';
import { lowContrastTexts } from './contrast';
import { uniqueKey } from './bpmn';

/** A process bpmnlint finds errors in: no end event, a task that leads nowhere, one connected to nothing. */
function lintErrors(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_${key}" targetNamespace="http://procos.test">
  <bpmn:process id="${key}" name="Layout" isExecutable="true">
    <bpmn:startEvent id="start" name="Order received"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="check" name="Check order"><bpmn:incoming>f1</bpmn:incoming></bpmn:task>
    <bpmn:task id="orphan" name="Orphan" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="${key}">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="check_di" bpmnElement="check"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="orphan_di" bpmnElement="orphan"><dc:Bounds x="240" y="220" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

/**
 * Controls inside `selector` a person cannot see whole: cut off by a box that does not scroll, outside
 * the window, or covered by something else. One a scroll box inside `selector` hides can be scrolled to.
 */
function notFullyVisible(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => [...document.querySelectorAll<HTMLElement>(sel)].flatMap((root) =>
    [...root.querySelectorAll<HTMLElement>('button, input, select, textarea')].filter((el) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || getComputedStyle(el).visibility === 'hidden') return false; // not shown at all
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p);
        const box = p.getBoundingClientRect();
        const outX = r.left < box.left - 1 || r.right > box.right + 1;
        const outY = r.top < box.top - 1 || r.bottom > box.bottom + 1;
        const scrolls = (o: string) => o === 'auto' || o === 'scroll';
        const inside = root.contains(p);
        if ((outX && scrolls(s.overflowX) && inside) || (outY && scrolls(s.overflowY) && inside)) return false;
        if ((outX && s.overflowX !== 'visible') || (outY && s.overflowY !== 'visible')) return true;
      }
      if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1) return true;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !hit || !(el === hit || el.contains(hit));
    }).map((el) => `${el.tagName} ${el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30)}`)), selector);
}

/** the canvas: its one button, the lint summary ("2 Errors, 0 Warnings"), must not sit under the palette */
const CANVAS = '[data-testid="editor-canvas"]';

/** The parts of the editor a person reads, each that is open. */
const READ = ['[data-testid="diagram-tabs"]', '.toolbar', '[data-testid="problems"]', '[data-testid="properties-panel"]',
  '[data-testid="xml-view"]', '[data-testid="copilot-panel"]', '[data-testid="template-chooser"]', '.bjsl-button'].join(', ');

/**
 * One state, looked at as a person does at 1024×700 and again at 1400×900: the controls of `whole`
 * are in the window and not cut off, nothing in the editor sticks out to the right, the text reads
 * at 4.5:1; a screenshot of each (test-results/screenshots) and no page error.
 */
async function look(screen: Screen, name: string, whole: string) {
  const { page } = screen;
  for (const size of ['small', 'wide'] as const) {
    await page.setViewportSize(SIZES[size]);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    await screenshot(page, `editor-layout-${name}-${SIZES[size].width}`); // kept also when a check below fails
    expect(await clippedRight(page, '.editor'), `${name} at ${size}: sticks out to the right`).toEqual([]);
    expect(await notFullyVisible(page, whole), `${name} at ${size}: cut off or covered`).toEqual([]);
    expect(await lowContrastTexts(page, READ), `${name} at ${size}: contrast`).toEqual([]);
    expect(screen.errors, 'page errors').toEqual([]);
  }
  await page.setViewportSize(SIZES.small);
}

const insideOf = async (inner: Locator, outer: Locator) => {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  return !!a && !!b && a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
};

let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); }, 60_000);
afterAll(async () => { await browser?.close(); }, 60_000);

describe.each<Scheme>(['light', 'dark'])('the editor at 1024×700 and 1400×900 (%s)', (scheme) => {
  let screen: Screen;
  let page: Page;
  beforeAll(async () => {
    screen = await openScreen(browser, { scheme, size: 'small', hash: '#/editor' });
    page = screen.page;
  }, 180_000);
  afterAll(async () => { await screen?.close(); });

  test('a diagram with lint errors: markers on the canvas, rows in Problems, a click selects', async () => {
    const key = uniqueKey('layout');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('editor-open').click()]);
    await chooser.setFiles({ name: `${key}.bpmn`, mimeType: 'application/xml', buffer: Buffer.from(lintErrors(key)) });
    await page.locator('.djs-shape[data-element-id="orphan"]').waitFor();

    const canvas = page.getByTestId('editor-canvas');
    const problems = page.getByTestId('problems');
    await expect.poll(async () => Number(await problems.getAttribute('data-errors')), { timeout: 30_000 }).toBeGreaterThan(0);
    const badges = page.locator('.djs-overlay-container .bjsl-icon-error');
    await expect.poll(() => badges.count()).toBeGreaterThan(0);
    for (const badge of await badges.all()) {
      expect(await badge.isVisible()).toBe(true);
      expect(await badge.evaluate((el) => getComputedStyle(el).backgroundColor), 'a red badge').toBe('rgb(218, 30, 40)');
      expect(await insideOf(badge, canvas), 'a marker inside the canvas').toBe(true);
    }
    const button = page.locator('.bjsl-button');
    expect(await button.textContent()).toMatch(/\d+ Errors?/);
    expect(await insideOf(button, canvas), 'the "N Errors" button inside the canvas').toBe(true);

    const rows = page.getByTestId('problem');
    expect(await rows.count()).toBeGreaterThan(1);
    const orphan = page.locator('[data-testid="problem"][data-element="orphan"]').first();
    await orphan.scrollIntoViewIfNeeded();
    expect(await insideOf(orphan, problems), 'the row can be seen in Problems').toBe(true);
    await orphan.click();
    await page.locator('.djs-element.selected[data-element-id="orphan"]').waitFor();
    await expect.poll(() => page.locator('.bio-properties-panel-header-label').textContent()).toBe('Orphan');
    await look(screen, 'lint', `${CANVAS}, .toolbar, [data-testid="problems"], [data-testid="diagram-tabs"]`);
  });

  test('two tabs, one unsaved: both named, the marker shown', async () => {
    // the orphan, picked from Problems, is selected and the canvas has the keyboard: Delete removes it
    await page.keyboard.press('Delete');
    await page.locator('.djs-element[data-element-id="orphan"]').waitFor({ state: 'detached' });
    const first = page.locator('[data-testid="diagram-tab"][data-active="true"]');
    await expect.poll(() => first.getAttribute('data-dirty')).toBe('true');
    const name = (await first.getAttribute('data-name'))!;
    await page.getByTestId('editor-new').click();
    const tabs = page.getByTestId('diagram-tab');
    await expect.poll(() => tabs.count()).toBe(2);
    const unsaved = page.locator(`[data-testid="diagram-tab"][data-name="${name}"]`);
    expect(await unsaved.getAttribute('data-active')).toBe('false');
    expect(await unsaved.locator('.dirty').isVisible()).toBe(true);
    for (const tab of await tabs.all()) expect(await insideOf(tab, page.getByTestId('diagram-tabs'))).toBe(true);
    await look(screen, 'tabs', `${CANVAS}, [data-testid="diagram-tabs"], .toolbar`);

    await unsaved.getByRole('tab').click(); // back to the diagram with errors for the rest
    await page.locator('.djs-shape[data-element-id="check"]').waitFor();
    expect(await page.getByTestId('editor-title').getAttribute('data-dirty')).toBe('true');
  });

  test('the XML view opens beside the canvas and closes again', async () => {
    const toggle = page.getByTestId('editor-xml');
    await toggle.click();
    try {
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      const xml = page.getByTestId('xml-text');
      await expect.poll(() => xml.inputValue()).toContain('<bpmn:task id="check" name="Check order"');
      expect(await xml.isVisible()).toBe(true);
      expect((await page.getByTestId('editor-canvas').boundingBox())!.width, 'the canvas keeps room').toBeGreaterThanOrEqual(400);
      await look(screen, 'xml', `${CANVAS}, .toolbar, [data-testid="xml-view"], [data-testid="problems"]`);
    } finally {
      await toggle.click();
    }
    await expect.poll(() => page.getByTestId('xml-view').count()).toBe(0);
  });

  test('the template chooser makes a task an "HTTP request"', async () => {
    await page.locator('.djs-shape[data-element-id="check"]').click();
    await expect.poll(() => page.locator('.bio-properties-panel-header-label').textContent()).toBe('Check order');
    const select = page.locator('.bio-properties-panel-select-template-button');
    await select.scrollIntoViewIfNeeded();
    await select.click();
    const chooser = page.getByTestId('template-chooser');
    await chooser.waitFor();
    await look(screen, 'template-chooser', '[data-testid="template-chooser"]');
    await chooser.getByTestId('template-filter').fill('http');
    await chooser.getByTestId('template-option').filter({ hasText: 'HTTP request' }).click();
    await expect.poll(() => chooser.count()).toBe(0);

    const panel = page.getByTestId('properties-panel');
    await expect.poll(() => panel.textContent()).toContain('HTTP request');
    const inputs = panel.locator('[data-group-id="group-ElementTemplates__CustomProperties-inputs"]');
    if (!(await inputs.locator('.bio-properties-panel-group-header.open').count())) await inputs.locator('.bio-properties-panel-group-header').click();
    const url = panel.getByLabel('url', { exact: true });
    await url.scrollIntoViewIfNeeded();
    expect(await url.isVisible()).toBe(true);
    await look(screen, 'template-applied', '[data-testid="properties-panel"] .bio-properties-panel-header, .toolbar');
  });

  // the small-model notice comes with a draft's result (copilot-quality), so only after a run: not here
  test('"Draft from description" opens with its text field, model and button in view', async () => {
    await page.getByTestId('editor-draft').click();
    const copilot = page.getByTestId('copilot-panel');
    await copilot.waitFor();
    for (const id of ['copilot-description', 'copilot-model', 'copilot-draft', 'copilot-close']) {
      expect(await copilot.getByTestId(id).isVisible(), id).toBe(true);
    }
    expect(await copilot.getByTestId('copilot-draft').isDisabled(), 'nothing to draft yet').toBe(true);
    await copilot.getByTestId('copilot-description').fill('When an order arrives, fetch the customer record and email a confirmation.');
    expect(await copilot.getByTestId('copilot-draft').isEnabled()).toBe(true);
    expect((await page.getByTestId('editor-canvas').boundingBox())!.width, 'the canvas keeps room').toBeGreaterThanOrEqual(400);
    await look(screen, 'copilot', `${CANVAS}, [data-testid="copilot-panel"], .toolbar, [data-testid="problems"]`);
    await copilot.getByTestId('copilot-close').click();
    await expect.poll(() => copilot.count()).toBe(0);
    expect(screen.errors, 'page errors').toEqual([]);
  });
});
