/**
 * Element templates for every ProcOS topic, in light and dark: a task's
 * properties offer "Select" a template; the chooser lists one per topic a person models with
 * (generated from common/topics.ts); "Send email" makes the task an external task on email_send
 * with the topic's inputs as input parameters, each described, the required one refusing to be
 * empty; an "HTTP request" task made this way deploys and runs on the real engine and worker.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type Scheme } from './browser';
import { openScreen, shoot } from './screens';
import { lowContrastTexts } from './contrast';
import { startHttpServer } from './http-server';
import { TOPICS, topic } from '../../common/topics';
import { appendEnd, appendTask, applyTemplate } from './modeler';

let browser: Browser;
let target: Awaited<ReturnType<typeof startHttpServer>>;
beforeAll(async () => { browser = await launchBrowser(); target = await startHttpServer(); }, 60_000);
afterAll(async () => { await browser?.close(); await target?.close(); }, 60_000);

const xmlText = async (page: Page) => {
  if (!(await page.getByTestId('xml-view').count())) await page.getByTestId('editor-xml').click();
  return page.getByTestId('xml-text').inputValue();
};

describe.each<Scheme>(['light', 'dark'])('element templates (%s)', (scheme) => {
  test('"Send email" on a task sets the topic and offers its described inputs; the required one must not be empty', async () => {
    const screen = await openScreen(browser, { scheme, hash: '#/editor' });
    const { page } = screen;
    try {
      await appendTask(page, 'Tell the customer');
      await page.locator('.bio-properties-panel-select-template-button').click();
      const chooser = page.getByTestId('template-chooser');
      await chooser.waitFor();
      const offered = await chooser.getByTestId('template-option').locator('strong').allTextContents();
      const modelled = TOPICS.filter((t) => !t.internal);
      expect(offered).toHaveLength(modelled.length);
      for (const name of ['HTTP request', 'Validate input', 'Ask AI', 'Send email']) expect(offered).toContain(name);
      expect(offered).not.toContain('Health check'); // the system's own topic is not offered
      expect(await lowContrastTexts(page, '[data-testid="template-chooser"]')).toEqual([]);
      await shoot(screen, `element-template-chooser-${scheme}`);
      await chooser.getByRole('button', { name: 'Cancel' }).click();

      await applyTemplate(page, 'Send email', 'email');
      const email = topic('email_send')!;
      const panel = page.getByTestId('properties-panel');
      await expect.poll(() => panel.textContent()).toContain('Send email');
      // the topic's inputs group lists every input with its description
      expect(await panel.locator('[data-group-id="group-ElementTemplates__CustomProperties-inputs"] .bio-properties-panel-group-header-title').textContent()).toBe('Topic inputs');
      for (const input of email.inputs) {
        await panel.getByLabel(input.name, { exact: true }).waitFor();
        expect(await panel.textContent()).toContain(input.description);
      }

      // the Template group says what the task does and what it sets
      const templateGroup = panel.locator('[data-group-id="group-ElementTemplates__Template"]');
      await templateGroup.locator('.bio-properties-panel-group-header').click();
      await expect.poll(() => templateGroup.textContent()).toContain(email.outputs[0].name);
      expect((await templateGroup.textContent())?.toLowerCase()).toContain(email.description.toLowerCase());

      let xml = await xmlText(page);
      expect(xml).toContain('camunda:type="external"');
      expect(xml).toContain('camunda:topic="email_send"');
      expect(xml).toContain('camunda:modelerTemplate="procos.topic.email_send"');
      expect(xml).toMatch(/<bpmn:serviceTask id="Activity_\w+" name="Tell the customer"/);
      for (const input of email.inputs) expect(xml).toContain(`<camunda:inputParameter name="${input.name}">`);

      // the required recipient refuses to be empty; a value typed in lands in the XML
      const to = panel.getByLabel('email_to', { exact: true });
      await to.fill('');
      await expect.poll(() => panel.textContent()).toMatch(/must not be empty/i);
      await to.fill('customer@example.com');
      await expect.poll(async () => (await xmlText(page)).includes('<camunda:inputParameter name="email_to">customer@example.com</camunda:inputParameter>')).toBe(true);
      xml = await xmlText(page);
      expect(xml).not.toMatch(/must not be empty/i);
      expect(await lowContrastTexts(page, '[data-testid="properties-panel"]')).toEqual([]);
      await shoot(screen, `element-template-applied-${scheme}`);
    } finally {
      await screen.close();
    }
  }, 180_000);

  test('a task made with "HTTP request" deploys and runs on the real engine and worker', async () => {
    const screen = await openScreen(browser, { scheme, hash: '#/editor' });
    const { page } = screen;
    try {
      await appendTask(page, 'Fetch the page');
      await applyTemplate(page, 'HTTP request', 'http');
      await page.getByTestId('properties-panel').getByLabel('url', { exact: true }).fill(`${target.url}/from-template`);
      await appendEnd(page); // then Deploy & Run
      await page.getByTestId('editor-deploy-run').click();
      const dialog = page.getByTestId('deploy-dialog');
      await expect.poll(() => dialog.getByTestId('lint-findings').getAttribute('data-errors')).toBe('0');
      await dialog.getByTestId('deploy-confirm').click();
      const view = page.getByTestId('instance-view');
      await view.waitFor();
      await expect.poll(() => view.getAttribute('data-state'), { timeout: 60_000 }).toBe('COMPLETED');
      await expect.poll(() => page.locator('[data-testid="variable"][data-name="http_status"]').textContent()).toContain('200');
      expect(await page.locator('[data-testid="variable"][data-name="http_body"]').textContent()).toContain('/from-template');
      await shoot(screen, `element-template-run-${scheme}`);
    } finally {
      await screen.close();
    }
  }, 240_000);
});
