/**
 * Fix and start from the Monitor: start an instance from its definition with a
 * business key and typed variables; an AI task without its question raises an incident; the user
 * adds the missing variable (and edits, deletes others), retries, and the incident is gone for good
 * — still listed as resolved. Instances are found by business key and by a variable's value, and a
 * run that ended "Rejected" is told apart from one that ended well.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testStack } from '../helpers/stack';
import { eventually } from '../helpers/cli';
import { launchBrowser } from './browser';
import { serviceTaskProcess, uniqueKey } from './bpmn';
import { startHttpServer } from './http-server';
import { go, openScreen, shoot, type Screen } from './screens';
import { scopeValues } from '../../common/variables';

let browser: Browser;
let screen: Screen;
let page: Page;
let instanceId: string;
const businessKey = `order-${Date.now().toString(36)}`;
const soon = { timeout: 20_000 }; // the UI reloads after each change; a busy 2-core machine is slow

beforeAll(async () => {
  browser = await launchBrowser();
  screen = await openScreen(browser, { hash: '#/monitor' });
  page = screen.page;
}, 180_000);
afterAll(async () => { await browser?.close(); }, 60_000);

const variable = (name: string) => page.locator(`[data-testid="variable"][data-name="${name}"]`);

async function addVariable(name: string, type: string, value: string) {
  await page.locator('[data-testid="variable-add"][data-scope="process"]').click();
  const form = page.getByTestId('variable-form');
  await form.getByTestId('variable-name').fill(name);
  await form.getByTestId('variable-type').selectOption(type);
  if (type === 'Boolean') await form.getByTestId('variable-value').selectOption(value);
  else await form.getByTestId('variable-value').fill(value);
  await form.getByTestId('variable-save').click();
  await variable(name).waitFor({ timeout: 20_000 });
}

test('start from a definition, fix the incident by adding the missing variable, retry: the incident is gone', async () => {
  const { client } = testStack();
  const key = uniqueKey('ask');
  expect((await client.deploy({ files: [{ name: `${key}.bpmn`, xml: serviceTaskProcess(key, 'ai_query', 'Ask') }] })).ok).toBe(true);

  // start from the definition: business key and a typed variable
  await go(page, `#/monitor?key=${key}`);
  await page.locator(`[data-testid="definition-row"][data-key="${key}"] [data-testid="definition-start"]`).click();
  const dialog = page.getByTestId('start-dialog');
  await dialog.getByTestId('start-business-key').fill(businessKey);
  await dialog.getByTestId('var-name').first().fill('note');
  await dialog.getByTestId('var-value').first().fill('first try');
  await dialog.getByTestId('start-submit').click();
  const view = page.getByTestId('instance-view');
  await view.waitFor();
  instanceId = decodeURIComponent(await page.evaluate(() => location.hash.split('/').pop()!));
  expect(await page.getByTestId('instance-business-key').textContent()).toBe(businessKey);

  // no question: an incident at once, saying which variable is missing
  await expect.poll(() => view.getAttribute('data-state'), { timeout: 90_000 }).toBe('INCIDENT');
  expect(await page.getByTestId('incident-message').first().textContent()).toContain('user_query');
  await shoot(screen, 'monitor-incident');

  // edit: typed values; bad JSON is refused with the reason and the draft is kept
  await variable('note').getByTestId('variable-edit').click();
  const form = page.getByTestId('variable-form');
  await form.getByTestId('variable-type').selectOption('JSON');
  await form.getByTestId('variable-value').fill('{"tries": 1,');
  await form.getByTestId('variable-save').click();
  expect(await page.getByTestId('variable-error').textContent()).toMatch(/not valid JSON/);
  expect(await form.getByTestId('variable-value').inputValue()).toBe('{"tries": 1,');
  await form.getByTestId('variable-value').fill('{"tries": 1}');
  await form.getByTestId('variable-save').click();
  await expect.poll(() => variable('note').textContent(), soon).toContain('"tries": 1');
  expect(scopeValues((await client.instance({ id: instanceId })).variables).note).toEqual({ tries: 1 });
  await expect.poll(() => page.getByTestId('variable-form').count(), soon).toBe(0);
  await addVariable('attempts', 'Number', '2');
  await addVariable('urgent', 'Boolean', 'true');
  const typed = scopeValues((await client.instance({ id: instanceId })).variables);
  expect(typed.attempts).toBe(2);
  expect(typed.urgent).toBe(true);

  // delete, after confirming
  await variable('urgent').getByTestId('variable-delete').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm-ok').click();
  await expect.poll(() => variable('urgent').count(), soon).toBe(0);

  // the fix: the missing question (with a short answer asked for: the model is slow on a busy 2-core machine), then Retry
  await addVariable('max_tokens', 'Number', '8');
  await addVariable('user_query', 'String', 'Say hi.');
  await page.getByTestId('incident-retry').first().click();
  await expect.poll(() => page.getByTestId('incident').count(), { timeout: 60_000 }).toBe(0);
  await expect.poll(() => view.getAttribute('data-state'), soon).toMatch(/^(ACTIVE|COMPLETED)$/);
  const past = page.getByTestId('past-incident');
  await expect.poll(() => past.count(), soon).toBe(1);
  expect(await past.first().getAttribute('data-state')).toBe('resolved');
  // the model answers (slowly on a busy 2-core machine): the fix is proven above; if the run ends
  // within a while, it completed with an answer — or failed for another reason than the missing question
  await expect.poll(() => view.getAttribute('data-state'), { timeout: 150_000 }).not.toBe('ACTIVE').catch(() => undefined);
  const state = await view.getAttribute('data-state');
  if (state === 'ACTIVE') console.warn('the model had not answered within 150 s; the incident is fixed all the same');
  else if (state === 'COMPLETED') {
    await expect.poll(() => variable('ai_response').count(), soon).toBe(1);
    expect(await page.getByTestId('past-incident').count()).toBe(1); // kept in the finished run's history
    expect(await page.getByTestId('variable-add').count()).toBe(0); // finished: read-only
  } else {
    const again = (await page.getByTestId('incident-message').allTextContents()).join(' | ');
    console.warn(`the AI task failed after the fix: ${again}`);
    expect(again).not.toContain('user_query');
  }
  const steps = await page.getByTestId('history-step').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-activity')));
  expect(steps.slice(0, 2)).toEqual(['start', 'call']);
  await shoot(screen, 'monitor-fixed');
}, 400_000);

test('find instances by business key and by a variable value', async () => {
  await go(page, '#/monitor');
  const total = page.getByTestId('instances-total');
  await page.getByTestId('filter-business-key').fill(businessKey.slice(0, -2));
  await expect.poll(() => total.textContent(), soon).toBe('1 total');
  expect(await page.getByTestId('row-business-key').textContent()).toBe(businessKey);
  await page.getByTestId('filter-business-key').fill('');
  await page.getByTestId('filter-var-name').fill('user_query');
  await page.getByTestId('filter-var-value').fill('Say h');
  await expect.poll(async () => page.locator('[data-testid="row-business-key"]', { hasText: businessKey }).count(), soon).toBe(1);
  await page.getByTestId('filter-var-value').fill('no such question ever');
  await expect.poll(() => total.textContent(), soon).toBe('0 total');
  await page.getByTestId('filter-var-name').fill('attempts');
  await page.getByTestId('filter-var-value').fill('2'); // a number matches exactly
  await expect.poll(async () => page.locator('[data-testid="row-business-key"]', { hasText: businessKey }).count(), soon).toBe(1);
  await page.getByTestId('filter-var-name').fill('');
}, 120_000);

test('a run that ended "Rejected" is told apart from one that ended well', async () => {
  const { client } = testStack();
  const target = await startHttpServer();
  try {
    const key = uniqueKey('fetch');
    await client.deploy({ files: [{ name: `${key}.bpmn`, xml: serviceTaskProcess(key, 'http_request', 'Fetch') }] });
    const good = await client.run({ key, variables: { url: `${target.url}/ok` }, wait: true, timeoutSeconds: 90 });
    expect(good.state).toBe('COMPLETED');
    const rejected = await client.run({ key: 'ai_query_process', variables: {}, wait: true, timeoutSeconds: 90 }); // no question: Rejected
    expect(rejected.state).toBe('COMPLETED');

    await go(page, '#/monitor');
    const row = (id: string) => page.locator(`[data-testid="instance-row"]:has(a[href$="${id}"])`);
    await expect.poll(() => row(rejected.id).getAttribute('data-outcome'), soon).toBe('failure');
    expect(await row(rejected.id).getByTestId('row-outcome').textContent()).toBe('Rejected');
    expect(await row(good.id).getAttribute('data-outcome')).toBe('success');
    expect(await row(good.id).getByTestId('row-outcome').textContent()).toBe('Done');

    await go(page, `#/monitor/instance/${rejected.id}`);
    const outcome = page.getByTestId('instance-outcome');
    await expect.poll(() => outcome.getAttribute('data-kind'), soon).toBe('failure');
    expect(await outcome.textContent()).toContain('Rejected');
    await shoot(screen, 'monitor-rejected');
  } finally { await target.close(); }
}, 200_000);

test('the fixed instance, deep-linked, in dark mode at 1024×700: no page error, history in view', async () => {
  // this is about an ended instance: one whose model has still not answered (a busy machine) is canceled
  const { client } = testStack();
  await eventually(async () => (await client.instance({ id: instanceId })).state !== 'ACTIVE', 'the model to answer', 240, 500)
    .catch(() => client.cancelInstance({ id: instanceId }));
  const dark = await openScreen(browser, { scheme: 'dark', size: 'small', hash: `#/monitor/instance/${instanceId}` });
  try {
    await dark.page.getByTestId('history-step').first().waitFor();
    const box = await dark.page.getByTestId('instance-history').boundingBox();
    expect(box!.y, 'the history starts above the fold').toBeLessThan(700);
    await shoot(dark, 'monitor-instance');
  } finally { await dark.close(); }
}, 240_000);
