/**
 * A light page, measured the way the browser received it (each response's transfer size, from the
 * Resource Timing entries of a fresh browser profile): the first load of the Modeler — the heaviest
 * view — is at most 1.2 MB on the wire, in light and dark at both sizes; its scripts and styles arrive
 * compressed; the hashed assets are cached as immutable (a reload fetches none of them again), the page
 * itself is asked again; the favicon is an icon; the Monitor and Health load without the editor's code.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { launchBrowser, type Scheme } from './browser';
import { SIZES } from './screens';

const BUDGET = 1_200_000;

let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); }, 60_000);
afterAll(async () => { await browser?.close(); }, 60_000);

interface Loaded { page: Page; responses: Response[]; errors: string[]; close(): Promise<void> }

/** A fresh profile (empty cache) opening the printed URL at `hash`, once `ready` shows. */
async function firstLoad(scheme: Scheme, size: keyof typeof SIZES, hash: string, ready: string): Promise<Loaded> {
  const context = await browser.newContext({ viewport: SIZES[size], colorScheme: scheme });
  const page = await context.newPage();
  const responses: Response[] = [];
  const errors: string[] = [];
  page.on('response', (r) => responses.push(r));
  page.on('pageerror', (e) => errors.push(e.message));
  const url = new URL(testStack().url);
  await page.goto(url.toString());
  await page.getByTestId('tab-editor').waitFor({ timeout: 120_000 });
  if (hash) await page.evaluate((h) => { location.hash = h; }, hash);
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  return { page, responses, errors, close: () => context.close() };
}

/** Bytes received per URL path (headers and the body as sent), from the browser's Resource Timing. */
const transferred = (page: Page) => page.evaluate(() => (performance.getEntries() as PerformanceResourceTiming[])
  .filter((e) => 'transferSize' in e)
  .map((e) => ({ path: new URL(e.name).pathname, bytes: e.transferSize, type: e.initiatorType })));

const combos: [Scheme, keyof typeof SIZES][] = [['light', 'desktop'], ['light', 'small'], ['dark', 'desktop'], ['dark', 'small']];

test.each(combos)('the Modeler\'s first load (%s, %s): ≤ 1.2 MB on the wire, compressed, immutable assets', async (scheme, size) => {
  const loaded = await firstLoad(scheme, size, '', '[data-testid="editor-canvas"] .djs-container');
  try {
    const { page, responses } = loaded;
    await page.locator('.djs-palette').waitFor();
    const entries = await transferred(page);
    const total = entries.reduce((sum, e) => sum + e.bytes, 0);
    console.log(`first load (${scheme}, ${size}): ${(total / 1e6).toFixed(2)} MB in ${entries.length} responses: ${entries.map((e) => `${e.path} ${(e.bytes / 1e3).toFixed(0)} kB`).join(', ')}`);
    expect(total, 'bytes on the wire').toBeLessThanOrEqual(BUDGET);
    expect(entries.some((e) => /\/assets\/Editor-.*\.js$/.test(e.path)), 'the editor code was loaded and counted').toBe(true);

    const assets = responses.filter((r) => /\/assets\/.+\.(js|css)$/.test(new URL(r.url()).pathname));
    expect(assets.length).toBeGreaterThan(0);
    for (const r of assets) {
      const headers = await r.allHeaders();
      // compressed, unless it is too small to gain from it (under 1 kB: the build keeps no copy)
      if (!headers['content-encoding']) expect((await r.request().sizes()).responseBodySize, r.url()).toBeLessThan(1024);
      else expect(headers['content-encoding'], r.url()).toMatch(/^(br|gzip)$/);
      expect(headers['cache-control'], r.url()).toContain('immutable');
    }
    const html = responses.find((r) => new URL(r.url()).pathname === '/' && r.status() === 200 && r.request().resourceType() === 'document')!;
    expect((await html.allHeaders())['cache-control']).toBe('no-cache');

    // the favicon is an icon, not the page
    const icon = await page.request.get(new URL('/favicon.ico', testStack().url).toString());
    expect(icon.headers()['content-type']).toMatch(/^image\//);
    expect([...(await icon.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO file
    expect(await page.locator('link[rel="icon"]').count()).toBeGreaterThan(0);

    // a reload takes the hashed assets from the cache
    await page.reload();
    await page.locator('[data-testid="editor-canvas"] .djs-container').waitFor({ timeout: 60_000 });
    const again = (await transferred(page)).filter((e) => e.path.startsWith('/assets/'));
    expect(again.length).toBeGreaterThan(0);
    expect(again.filter((e) => e.bytes > 0).map((e) => e.path), 'assets fetched again').toEqual([]);
    expect(loaded.errors, 'page errors').toEqual([]);
  } finally { await loaded.close(); }
}, 180_000);

test.each([['#/monitor', '[data-testid="definitions"]'], ['#/health', '[data-testid="health-panel"]'], ['#/ai', '[data-testid="ai-panel"]']])(
  'opened at %s, the page loads without the editor\'s code', async (hash, ready) => {
    const context = await browser.newContext({ viewport: SIZES.small });
    const page = await context.newPage();
    const paths: string[] = [];
    page.on('request', (r) => paths.push(new URL(r.url()).pathname));
    try {
      const url = new URL(testStack().url);
      url.hash = hash;
      await page.goto(url.toString());
      await page.locator(ready).waitFor({ timeout: 120_000 });
      expect(paths.filter((p) => /\/assets\/Editor-/.test(p))).toEqual([]);
    } finally { await context.close(); }
  }, 180_000);
