/** What a person does in the Modeler, for the e2e tests: add a task, give it a template, finish the flow. */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** the canvas's root: the whole drawing area, named after the process it shows */
const canvasBackground = (page: Page) => page.locator('[data-testid="editor-canvas"] .djs-container > svg');

/** Clicks an empty spot of the canvas (top middle: clear of the palette and the lint summary). diagram-js does
 * not select with the click that gives the canvas focus, so this comes before selecting an element. */
export const clickCanvas = (page: Page) => canvasBackground(page).click({ position: { x: 320, y: 60 } });

/** In the open tab (a new diagram): a task after the start event, named, selected. */
export async function appendTask(page: Page, name: string) {
  await page.locator('[data-element-id="StartEvent_1"]').click();
  await page.locator('.djs-context-pad [data-action="append.append-task"]').click();
  await page.keyboard.type(name);
  await clickCanvas(page);
  await page.locator('.djs-shape[data-element-id^="Activity_"]').click();
}

/** The properties panel's template "Select" → the chooser → the template named `name`; its inputs shown. */
export async function applyTemplate(page: Page, name: string, filter: string) {
  await page.locator('.bio-properties-panel-select-template-button').click();
  const chooser = page.getByTestId('template-chooser');
  await chooser.waitFor();
  await chooser.getByTestId('template-filter').fill(filter);
  await chooser.getByTestId('template-option').filter({ hasText: name }).click();
  await expect.poll(() => chooser.count()).toBe(0);
  const inputs = page.locator('[data-group-id="group-ElementTemplates__CustomProperties-inputs"]');
  await inputs.waitFor();
  if (!(await inputs.locator('.bio-properties-panel-group-header.open').count())) await inputs.locator('.bio-properties-panel-group-header').click();
}

/** An end event after the (only) task, so the process can run to its end. */
export async function appendEnd(page: Page) {
  await clickCanvas(page);
  await page.locator('.djs-shape[data-element-id^="Activity_"]').click();
  await page.locator('.djs-context-pad [data-action="append.end-event"]').click();
  await page.keyboard.press('Escape');
}
