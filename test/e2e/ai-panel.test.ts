/** The AI panel answers a question from the local model (SmolLM2 through Ollama), streamed, kept in the conversation list. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openApp(browser, 'light', '#/ai');
}, 180_000);
afterAll(async () => { await browser?.close(); }, 60_000);

test('ask the local model: the answer streams in, names provider and model, and is kept in the history', async () => {
  await page.getByTestId('ai-panel').waitFor();
  const model = page.getByTestId('ai-model');
  await expect.poll(() => model.locator('option').count()).toBeGreaterThan(0);
  const chosen = await model.inputValue();
  expect(chosen.length).toBeGreaterThan(0);
  const historyBefore = await page.getByTestId('ai-conversation').count();

  const question = `What is BPMN? (${Date.now()})`;
  await page.getByTestId('ai-new').click();
  await page.getByTestId('ai-question').fill(question);
  await page.getByTestId('ai-ask').click();
  const answer = page.getByTestId('ai-answer');
  // tokens stream in: some text shows while the answer is still being generated
  let sawPartial = false;
  await expect.poll(async () => {
    const done = await answer.getAttribute('data-done');
    if (done === 'false' && ((await answer.textContent()) ?? '').replace('Thinking…', '').trim()) sawPartial = true;
    return done;
  }, { timeout: 330_000, interval: 100 }).toBe('true');
  expect(sawPartial, 'tokens were shown before the answer completed').toBe(true);
  const text = (await answer.locator('.markdown').textContent()) ?? '';
  expect(text.trim().length).toBeGreaterThan(0);
  const failed = await page.getByTestId('ai-error').allTextContents();
  expect(failed, 'the model answered without an error').toEqual([]);
  const meta = (await page.getByTestId('ai-meta').textContent()) ?? '';
  expect(meta).toContain('ollama');
  expect(meta).toContain(chosen);

  await expect.poll(() => page.getByTestId('ai-conversation').count()).toBeGreaterThan(historyBefore);
  expect(await page.getByTestId('ai-conversations').textContent()).toContain(question);
  await screenshot(page, 'ai');
}, 400_000);
