/**
 * The AI panel like Ollama's app, against the real local model: models listed with
 * their size; a visible keyboard hint; Enter sends; an answer keeps streaming while the user is on
 * another screen; Stop ends it and keeps what came; follow-ups stay in one conversation, listed;
 * Markdown is rendered, raw HTML and javascript: links are not; models are pulled (offline: the error
 * shows), deleted after a confirmation, and chosen per AI topic.
 */
import { Ollama } from 'ollama';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { launchBrowser } from './browser';
import { lowContrastTexts } from './contrast';
import { go, openScreen, shoot, type Screen } from './screens';

let browser: Browser;
let screen: Screen;
let page: Page;
const slow = { timeout: 300_000, interval: 200 };

beforeAll(async () => {
  browser = await launchBrowser();
  screen = await openScreen(browser, { hash: '#/ai' });
  page = screen.page;
}, 180_000);
afterAll(async () => { await browser?.close(); }, 60_000);

test('models with their size and a visible keyboard hint', async () => {
  const row = page.locator('[data-testid="ai-model-row"][data-name="smollm2:135m"]');
  await row.waitFor({ timeout: 30_000 });
  expect(await row.getByTestId('ai-model-size').textContent()).toMatch(/^\d+ MB/);
  expect(await page.getByTestId('ai-model').locator('option').first().textContent()).toMatch(/\(\d+ MB\)/);
  const hint = page.getByTestId('ai-hint');
  expect(await hint.isVisible()).toBe(true);
  expect(await hint.textContent()).toContain('Enter to send');
}, 60_000);

test('an answer survives navigation; Stop ends it and keeps what came', async () => {
  await page.getByTestId('ai-new').click();
  await page.getByTestId('ai-question').fill('Count from 1 to 400, one number per line.');
  await page.getByTestId('ai-question').press('Enter'); // Enter sends
  const answer = page.getByTestId('ai-answer');
  await expect.poll(() => answer.getAttribute('data-done'), { timeout: 10_000 }).toBe('false');
  // away while the answer streams on: back once more tokens came (or the answer ended)
  let tokens = 0;
  const stopCounting = testStack().client.onEvent((e) => { if (e.type === 'ai-token') tokens++; });
  try {
    await go(page, '#/health');
    await page.getByTestId('health-panel').waitFor();
    await expect.poll(() => tokens, slow).toBeGreaterThanOrEqual(10);
  } finally { stopCounting(); }
  await go(page, '#/ai');
  // still there, still streaming (or already done): nothing was lost while away
  await expect.poll(async () => ((await answer.textContent()) ?? '').replace('Thinking…', '').trim().length, slow).toBeGreaterThan(0);
  if (await page.getByTestId('ai-stop').count()) {
    const before = ((await answer.textContent()) ?? '').length;
    await page.getByTestId('ai-stop').click();
    await expect.poll(() => answer.getAttribute('data-done'), { timeout: 30_000 }).toBe('true');
    expect(await answer.getAttribute('data-stopped')).toBe('true');
    expect(((await answer.textContent()) ?? '').length).toBeGreaterThanOrEqual(Math.min(before, 1));
    const meta = (await page.getByTestId('ai-meta').textContent()) ?? '';
    expect(meta).toContain('stopped');
    expect(meta, 'a stopped answer counts what came').not.toMatch(/\b0 tokens/);
  } else {
    console.warn('the model finished before Stop could be pressed');
  }
  await expect.poll(() => page.getByTestId('ai-ask').count()).toBe(1); // ready for the next question
}, 360_000);

test('a follow-up stays in the same conversation, which the list keeps', async () => {
  const conversations = page.getByTestId('ai-conversation');
  const before = await conversations.count();
  await page.getByTestId('ai-question').fill('Now reply with just the word: ok');
  await page.getByTestId('ai-ask').click();
  await expect.poll(() => page.getByTestId('ai-answer').getAttribute('data-done'), slow).toBe('true');
  expect(await page.getByTestId('ai-user-message').count()).toBe(2);
  expect(await conversations.count()).toBe(before); // same conversation, not a new one
  await page.getByTestId('ai-new').click();
  expect(await page.getByTestId('ai-user-message').count()).toBe(0);
  await conversations.filter({ hasText: 'Count from 1 to 400' }).getByRole('button').first().click();
  expect(await page.getByTestId('ai-user-message').count()).toBe(2);
  await shoot(screen, 'ai-conversation');

  // the conversation is the kernel's (its AI history), not this browser's: a fresh profile lists it whole
  for (const [scheme, size] of [['dark', 'small'], ['light', 'wide']] as const) {
    const fresh = await openScreen(browser, { scheme, size, hash: '#/ai' });
    try {
      const listed = fresh.page.getByTestId('ai-conversation').filter({ hasText: 'Count from 1 to 400' });
      await listed.waitFor({ timeout: 30_000 });
      await listed.getByRole('button').first().click();
      expect(await fresh.page.getByTestId('ai-user-message').count()).toBe(2);
      await shoot(fresh, `ai-history-${scheme}`);
    } finally { await fresh.close(); }
  }
}, 360_000);

test('Markdown is rendered; raw HTML and javascript: links are not (dark, 1024×700)', async () => {
  const dark = await openScreen(browser, { scheme: 'dark', size: 'small', hash: '#/ai' });
  try {
    const md = '**bold** and `code`\n\n- one\n- two\n\n<img src=x onerror="window.__pwned=1"> <b>raw</b>\n\n[click](javascript:window.__pwned=2)';
    // an answer as the kernel records it (the model cannot be made to write this): into the AI history of the running stack
    const db = new Database(join(testStack().home, 'procos.db'));
    try {
      db.prepare('INSERT INTO ai_history (question, answer, model, duration_ms, conversation_id, meta) VALUES (?, ?, ?, ?, ?, ?)')
        .run('show markdown', md, 'm', 1, `md-test-${Date.now()}`, JSON.stringify({ provider: 'ollama' }));
    } finally { db.close(); }
    await dark.page.reload();
    await dark.page.getByTestId('tab-editor').waitFor({ timeout: 60_000 });
    await dark.page.getByTestId('ai-conversation').filter({ hasText: 'show markdown' }).getByRole('button').first().click();
    const answer = dark.page.getByTestId('ai-answer');
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.locator('strong').textContent()).toBe('bold');
    expect(await answer.locator('code').textContent()).toBe('code');
    expect(await answer.locator('li').count()).toBe(2);
    expect(await answer.locator('img, b').count()).toBe(0);
    const hrefs = await answer.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.some((h) => h.startsWith('javascript:'))).toBe(false);
    await answer.locator('a').first().click({ trial: true }).catch(() => undefined);
    expect(await dark.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await shoot(dark, 'ai-markdown');
  } finally { await dark.close(); }
}, 120_000);

test('Models at 1024×700, light and dark: pull offline shows the error, Delete asks then removes, a default per topic is saved', async () => {
  const { client } = testStack();
  const copy = `procos-ui-copy:${Date.now()}`;
  await new Ollama({ host: (await client.status()).components.ollama.url }).copy({ source: 'smollm2:135m', destination: copy });
  for (const scheme of ['light', 'dark'] as const) {
    const small = await openScreen(browser, { scheme, size: 'small', hash: '#/ai' });
    try {
      const p = small.page;
      const models = p.getByTestId('ai-models');
      await p.locator('[data-testid="ai-model-row"][data-name="smollm2:135m"]').waitFor({ timeout: 30_000 });
      // the pull field fits inside the side panel
      const side = (await p.locator('.ai-side').boundingBox())!;
      const pullButton = (await p.getByTestId('ai-pull').boundingBox())!;
      expect(pullButton.x + pullButton.width).toBeLessThanOrEqual(side.x + side.width);

      const name = `procos-test/no-such-model-${scheme}:1b`;
      await p.getByTestId('ai-pull-name').fill(name);
      await p.getByTestId('ai-pull').click();
      const error = p.getByTestId('ai-pull-error');
      await error.waitFor({ timeout: 60_000 });
      expect(await error.textContent()).toContain(name);
      expect(await error.textContent()).toMatch(/offline/);

      // the model ProcOS falls back to has no Delete; the copy has one
      expect(await p.locator('[data-name="smollm2:135m"] [data-testid="ai-model-delete"]').count()).toBe(0);
      if (scheme === 'light') {
        const row = p.locator(`[data-testid="ai-model-row"][data-name="${copy}"]`);
        await row.getByTestId('ai-model-delete').click();
        await p.getByTestId('confirm-dialog').waitFor();
        await p.getByTestId('confirm-ok').click();
        await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(0);
        expect((await client.modelList()).map((m) => m.name)).not.toContain(copy);

        const aiQuery = p.locator('[data-testid="ai-topic-model"][data-topic="ai_query"]');
        await expect.poll(() => aiQuery.isEnabled(), { timeout: 30_000 }).toBe(true);
        await aiQuery.selectOption('smollm2:135m');
        await expect.poll(async () => (await client.settings())['ai.topicModels'], { timeout: 30_000 }).toEqual({ ai_query: 'smollm2:135m' });
        await aiQuery.selectOption('');
        await expect.poll(async () => (await client.settings())['ai.topicModels'], { timeout: 30_000 }).toBeUndefined();
      }
      expect(await lowContrastTexts(p, '[data-testid="ai-models"], [data-testid="ai-topic-models"]')).toEqual([]);
      await models.scrollIntoViewIfNeeded();
      await shoot(small, `ai-models-${scheme}`);
    } finally { await small.close(); }
  }
}, 240_000);
