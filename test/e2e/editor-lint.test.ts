/**
 * Lint you can see, in light and dark: bpmnlint's markers and its summary
 * button on the canvas are coloured and readable, the hover text is styled, the Problems panel lists
 * the findings and a click selects the element; the properties panel's text reaches 4.5:1.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, type Scheme } from './browser';
import { openScreen, shoot } from './screens';
import { lowContrastTexts } from './contrast';

let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); }, 60_000);
afterAll(async () => { await browser?.close(); }, 60_000);

describe.each<Scheme>(['light', 'dark'])('lint in the editor (%s)', (scheme) => {
  test('markers, summary button and hover text are visible; Problems selects the element; properties readable', async () => {
    const screen = await openScreen(browser, { scheme, hash: '#/editor' });
    const { page } = screen;
    try {
      // a new diagram is a lone start event: bpmnlint reports errors on it
      const problems = page.getByTestId('problems');
      await expect.poll(async () => Number(await problems.getAttribute('data-errors')), { timeout: 30_000 }).toBeGreaterThan(0);

      // the summary button is red with readable text, the marker on the start event is a red badge
      const button = page.locator('.bjsl-button');
      await expect.poll(() => button.getAttribute('class')).toContain('bjsl-button-error');
      expect(await button.textContent()).toMatch(/\d+ Errors?/);
      expect(await lowContrastTexts(page, '.bjsl-button')).toEqual([]);
      const badge = page.locator('.djs-overlay-container .bjsl-icon-error').first();
      await badge.waitFor();
      expect(await badge.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(218, 30, 40)');

      // hovering the badge shows the findings on a styled, readable card
      await badge.hover();
      const card = page.locator('.bjsl-overlay:hover .bjsl-issues');
      await card.waitFor();
      expect(await card.textContent()).toMatch(/end event|not connected|implicit/i);
      expect(await card.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
      expect(await lowContrastTexts(page, '.bjsl-overlay:hover .bjsl-issues')).toEqual([]);
      await shoot(screen, `editor-lint-hover-${scheme}`);
      await page.mouse.move(700, 400);

      // the Problems panel: every finding, readable; a click selects its element on the canvas
      const rows = page.getByTestId('problem');
      expect(await rows.count()).toBe(Number(await problems.getAttribute('data-errors')) + Number(await problems.getAttribute('data-warnings'))
        + await page.locator('[data-testid="problem"][data-category="info"]').count());
      expect(await lowContrastTexts(page, '[data-testid="problems"]')).toEqual([]);
      await page.locator('[data-testid="problem"][data-element="StartEvent_1"]').first().click();
      await page.locator('.djs-element.selected[data-element-id="StartEvent_1"]').waitFor();
      await expect.poll(() => page.locator('.bio-properties-panel-header-label').textContent()).toBe('Start');

      // the properties panel with a group open: every text (labels, inputs, headers) at 4.5:1 or more
      await page.locator('[data-group-id="group-general"] .bio-properties-panel-group-header').click();
      await page.locator('#bio-properties-panel-name').waitFor();
      expect(await lowContrastTexts(page, '[data-testid="properties-panel"]')).toEqual([]);
      await shoot(screen, `editor-lint-problems-${scheme}`);
    } finally {
      await screen.close();
    }
  }, 180_000);
});
