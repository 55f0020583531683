/** Screenshots of each main screen, light and dark, saved under test-results/screenshots/ as artifacts. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { launchBrowser, openApp, screenshot, unlabelledControls, type Scheme } from './browser';
import { serviceTaskProcess, uniqueKey } from './bpmn';
import { startHttpServer } from './http-server';

let browser: Browser;
let instanceId: string;
let key: string;
let target: Awaited<ReturnType<typeof startHttpServer>>;

beforeAll(async () => {
  browser = await launchBrowser();
  target = await startHttpServer();
  const { client } = testStack();
  key = uniqueKey('showcase');
  await client.deploy({ files: [{ name: `${key}.bpmn`, xml: serviceTaskProcess(key, 'http_request', 'Showcase') }] });
  instanceId = (await client.run({ key, variables: { url: `${target.url}/showcase` }, wait: true, timeoutSeconds: 60 })).id;
}, 180_000);
afterAll(async () => { await browser?.close(); await target?.close(); }, 60_000);

for (const scheme of ['light', 'dark'] as Scheme[]) {
  test(`each main screen in ${scheme}`, async () => {
    const page = await openApp(browser, scheme);
    const shots: string[] = [];
    const unlabelled: string[] = [];
    const shoot = async (name: string) => {
      shots.push(await screenshot(page, name));
      unlabelled.push(...await unlabelledControls(page));
    };

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('editor-open').click()]);
    await chooser.setFiles({ name: `${key}.bpmn`, mimeType: 'application/xml', buffer: Buffer.from(serviceTaskProcess(key, 'http_request', 'Showcase')) });
    await page.locator('.djs-shape[data-element-id="call"]').click();
    await page.locator('#bio-properties-panel-externalTopic, [data-group-id="group-CamundaPlatform__Implementation"]').first().waitFor();
    await shoot('screen-editor');

    await page.getByTestId('tab-monitor').click();
    await page.getByTestId('definition-row').first().waitFor();
    await page.locator(`[data-testid="definition-row"][data-key="${key}"] a`).first().click();
    await expect.poll(() => page.getByTestId('instance-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual([key]);
    await page.locator('.view').evaluateAll((views) => views.forEach((v) => v.scrollTo(0, 0)));
    await shoot('screen-monitor');

    await page.evaluate((h) => { location.hash = h; }, `#/monitor/instance/${instanceId}`);
    await expect.poll(() => page.getByTestId('instance-view').getAttribute('data-state')).toBe('COMPLETED');
    await page.locator('.procos-taken').first().waitFor();
    await shoot('screen-instance');

    await page.getByTestId('tab-health').click();
    await page.locator('[data-testid^="component-"]').first().waitFor();
    await page.getByTestId('worker-row').first().waitFor();
    await shoot('screen-health');

    await page.getByTestId('tab-ai').click();
    await expect.poll(() => page.getByTestId('ai-model').locator('option').count()).toBeGreaterThan(0);
    await shoot('screen-ai');

    for (const s of shots) expect(existsSync(s) && s.endsWith(`-${scheme}.png`)).toBe(true);
    expect([...new Set(unlabelled)], 'every control has a label').toEqual([]);
    await page.context().close();
  }, 300_000);
}
