/**
 * Real Chromium (the Debian package) driven by playwright-core, pointed at the real stack that the
 * test setup booted. Helpers here only do what a user does: open the UI, click, drop files, look.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testStack } from '../helpers/stack';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export type Scheme = 'light' | 'dark';

/** Opens the UI the way a user does (the printed URL with its token) and waits past the start-up screen. */
export async function openApp(browser: Browser, colorScheme: Scheme = 'light', hash = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(testStack().url);
  await page.getByTestId('tab-editor').waitFor({ timeout: 120_000 }).catch(async (err) => {
    const shown = await page.locator('#root').innerText().catch(() => '');
    throw new Error(`the app did not open past the start-up screen; it shows:\n${shown}\n(${(err as Error).message.split('\n')[0]})`);
  });
  if (hash) await page.evaluate((h) => { location.hash = h; }, hash);
  return page;
}

export const screenshotDir = join(process.cwd(), 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const scheme = await page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  const path = join(screenshotDir, `${name}-${scheme}.png`);
  await page.screenshot({ path });
  return path;
}

export interface DroppedFile { name: string; content: string; type?: string }

/** A real drop: a DataTransfer carrying Files, dispatched as dragenter → dragover → drop on an element. */
export async function dropFiles(page: Page, files: DroppedFile[], selector = '[data-testid="editor-canvas"], body'): Promise<void> {
  await page.evaluate(({ files, selector }) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([f.content], f.name, { type: f.type ?? '' }));
    const target = document.querySelector(selector) ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, { files, selector });
}

/** Visible form controls with no accessible name (no label, aria-label, title or text). */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (el: HTMLElement) =>
      !!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.title
        || (el as HTMLInputElement).labels?.length || (el.tagName === 'BUTTON' && el.textContent?.trim()));
    return [...document.querySelectorAll<HTMLElement>('button, input:not([type=hidden]), select, textarea')]
      .filter((el) => el.offsetParent !== null && !named(el))
      .map((el) => el.outerHTML.slice(0, 160));
  });
}
