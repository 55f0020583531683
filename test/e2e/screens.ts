/**
 * For the screen tests of the monitor, health and AI panels: a page at a given size and colour
 * scheme that records every page error (uncaught exception), so a test can fail on any of them.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { testStack } from '../helpers/stack';
import { screenshot, type Scheme } from './browser';

export interface Screen { page: Page; errors: string[]; close(): Promise<void> }
export const SIZES = { wide: { width: 1400, height: 900 }, desktop: { width: 1440, height: 900 }, small: { width: 1024, height: 700 } } as const;

/** Opens the UI the way a user does (the printed URL with its token), straight at `hash` — a deep link. */
export async function openScreen(browser: Browser, { scheme = 'light', size = 'wide', hash = '' }:
  { scheme?: Scheme; size?: keyof typeof SIZES; hash?: string } = {}): Promise<Screen> {
  const context = await browser.newContext({ viewport: SIZES[size], colorScheme: scheme });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const url = new URL(testStack().url);
  url.hash = hash;
  await page.goto(url.toString());
  await page.getByTestId('tab-editor').waitFor({ timeout: 120_000 });
  return { page, errors, close: () => context.close() };
}

/** Goes to a route inside the app (as a link click does). */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => { location.hash = h; }, hash);
}

/** A screenshot named after the screen, scheme and size (test-results/screenshots), then no page errors. */
export async function shoot(screen: Screen, name: string): Promise<void> {
  const { width } = screen.page.viewportSize()!;
  await screenshot(screen.page, `${name}-${width}`);
  expect(screen.errors, 'page errors').toEqual([]);
}

/** Elements inside `selector` that stick out of the viewport to the right (clipped, not scrollable). */
export function clippedRight(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => [...document.querySelectorAll<HTMLElement>(sel)].flatMap((root) =>
    [...root.querySelectorAll<HTMLElement>('th, td, button, input, select')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        let p: HTMLElement | null = el.parentElement; // inside a scroll box it can be reached
        while (p && p !== root) { if (getComputedStyle(p).overflowX === 'auto') return false; p = p.parentElement; }
        return r.width > 0 && r.right > innerWidth + 1;
      }).map((el) => `${el.tagName} ${el.textContent?.slice(0, 30)}`)), selector);
}
