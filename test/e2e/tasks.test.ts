/**
 * The Tasks view in real Chromium against the real engine: a task of each form kind (Camunda Form with
 * form-js, generated form, typed inputs for what the next steps read, free variables) shows its form and
 * its diagram with the step marked, in light and dark, at 1024×700 and 1440×900, with no page error,
 * nothing clipped, every control labelled and text at 4.5:1; it is claimed and completed from the view, values that break the form are refused at
 * their field, a new task shows up by itself, and two browsers racing for one task end with one
 * completion and a readable refusal for the other, whose list then drops the task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { UserTaskSummary } from '../../common/contract';
import { testStack } from '../helpers/stack';
import { eventually } from '../helpers/cli';
import { userTaskFiles, type FormKind } from '../helpers/user-tasks';
import { launchBrowser, unlabelledControls } from './browser';
import { lowContrastTexts } from './contrast';
import { uniqueKey } from './bpmn';
import { clippedRight, go, openScreen, shoot, type Screen } from './screens';
import { scopeValues } from '../../common/variables';

const soon = { timeout: 30_000 };
let browser: Browser;
const { client } = testStack();

async function startTask(kind: FormKind, businessKey = uniqueKey('BK')): Promise<UserTaskSummary> {
  const key = uniqueKey(`e2e_${kind.replace('-', '_')}`);
  const deployed = await client.deploy({ files: userTaskFiles(key, kind) });
  expect(deployed.errors).toEqual([]);
  const { id } = await client.startInstance({ key, businessKey });
  return eventually(async () => (await client.tasks({ processKey: key })).items.find((t) => t.instanceId === id), `the task of ${key}`);
}

/**
 * Waits for the task view to leave the task it completed (it goes on only when the engine took it), or fails
 * with what it said instead. A notice of an earlier completion may still be on screen, so the notice alone
 * does not say this one went through.
 */
async function completed(page: Page, taskId: string) {
  try {
    await page.waitForFunction((here) => location.hash !== here, `#/tasks/${taskId}`, soon);
  } catch {
    const said = await page.getByTestId('task-problem').or(page.getByTestId('camunda-form-invalid')).or(page.getByTestId('field-problem')).allTextContents();
    throw new Error(`the task view stayed on the task; it says: ${JSON.stringify(said)}`);
  }
  await page.getByTestId('task-completed').first().waitFor(soon);
}

const endOf = async (instanceId: string) => {
  await expect.poll(async () => (await client.instance({ id: instanceId })).state, soon).toBe('COMPLETED');
  return (await client.instance({ id: instanceId })).endEventId;
};

/** The task's form (the editor's properties panel, hidden but in the page, has labels too). */
const form = (page: Page) => page.getByTestId('task-detail');

beforeAll(async () => { browser = await launchBrowser(); }, 120_000);
afterAll(async () => { await browser?.close(); }, 60_000);

describe('every form kind, in both themes and at both sizes', () => {
  const kinds: [FormKind, string][] = [['camunda-form', 'task-camunda-form'], ['generated', 'task-fields-form'], ['none', 'task-fields-form'], ['free', 'task-free-form']];
  for (const [kind, formTestId] of kinds) {
    it(`${kind}: the form, the diagram with its step marked, the list beside it`, async () => {
      const task = await startTask(kind);
      for (const scheme of ['light', 'dark'] as const) {
        for (const size of ['small', 'desktop'] as const) {
          const screen = await openScreen(browser, { scheme, size, hash: `#/tasks/${task.id}` });
          try {
            const { page } = screen;
            await page.getByTestId(formTestId).waitFor(soon);
            await expect.poll(() => page.getByTestId('task-diagram').getAttribute('data-marked'), soon).toBe('true');
            expect(await page.getByTestId('task-title').textContent()).toBe(task.name);
            expect(await page.locator(`[data-testid="task-row"][data-id="${task.id}"]`).getAttribute('aria-current')).toBe('true');
            if (kind === 'camunda-form') await page.locator('.fjs-form-field').first().waitFor(soon);
            expect(await clippedRight(page, '[data-testid="tasks-view"]')).toEqual([]);
            expect(await unlabelledControls(page)).toEqual([]);
            expect(await lowContrastTexts(page, '[data-testid="task-list"], .task-head, [data-testid="task-fields-form"], [data-testid="task-free-form"]')).toEqual([]);
            await shoot(screen, `tasks-${kind}-${size}`);
          } finally { await screen.close(); }
        }
      }
    }, 300_000);
  }
});

describe('claim and complete from the view', () => {
  let screen: Screen;
  let page: Page;
  beforeAll(async () => { screen = await openScreen(browser, { hash: '#/tasks' }); page = screen.page; }, 180_000);
  afterAll(async () => { await screen?.close(); });

  const row = (id: string) => page.locator(`[data-testid="task-row"][data-id="${id}"]`);

  it('a new task shows up by itself; claim counts it as mine; a generated form refuses at the field, then completes', async () => {
    await go(page, '#/tasks');
    await page.getByTestId('task-list').waitFor();
    const task = await startTask('generated', 'E2E-GEN');
    await row(task.id).waitFor(soon); // no reload: the list hears the task arrive
    await page.getByTestId('tasks-search').fill('E2E-GEN');
    await expect.poll(() => page.getByTestId('task-row').count(), soon).toBe(1);
    await row(task.id).click();
    await page.getByTestId('task-fields-form').waitFor(soon);

    const mineBefore = Number(await page.getByTestId('tasks-count-mine').textContent());
    await page.getByTestId('task-claim').click();
    await expect.poll(() => page.getByTestId('task-assignee').textContent(), soon).toMatch(/assigned to/);
    await expect.poll(async () => Number(await page.getByTestId('tasks-count-mine').textContent()), soon).toBe(mineBefore + 1);

    expect(await form(page).getByLabel('Amount').getAttribute('min')).toBe('1');
    expect(await form(page).getByLabel('Amount').getAttribute('max')).toBe('1000');
    expect(await form(page).getByLabel('Note').getAttribute('maxlength')).toBe('20');
    await page.getByTestId('task-complete').click();
    await expect.poll(() => page.getByTestId('field-problem').first().textContent(), soon).toMatch(/Amount \(amount\) is required/);
    await form(page).getByLabel('Amount').fill('5000');
    await page.getByTestId('task-complete').click();
    await expect.poll(() => page.getByTestId('field-problem').first().textContent(), soon).toMatch(/at most 1000/);
    expect((await client.task({ id: task.id })).id).toBe(task.id); // nothing was sent

    await form(page).getByLabel('Amount').fill('120');
    await form(page).getByLabel('Approved').check();
    await form(page).getByLabel('Priority').selectOption('high');
    await form(page).getByLabel('Deliver by').fill('2027-03-01');
    await page.getByTestId('task-complete').click();
    await completed(page, task.id);
    await expect.poll(() => page.evaluate(() => location.hash), soon).toBe('#/tasks');
    expect(await endOf(task.instanceId)).toBe('approvedEnd');
    expect(scopeValues((await client.instance({ id: task.instanceId })).variables)).toMatchObject({ amount: 120, approved: true, priority: 'high' });
    await expect.poll(() => row(task.id).count(), soon).toBe(0);
    await page.getByTestId('tasks-search').fill('');
  }, 240_000);

  it('a Camunda Form: form-js marks the missing field, then the form completes the task', async () => {
    const task = await startTask('camunda-form');
    await go(page, `#/tasks/${task.id}`);
    await page.locator('.fjs-form-field').first().waitFor(soon);
    await page.getByTestId('task-complete').click();
    await page.getByTestId('camunda-form-invalid').waitFor(soon);
    expect(await page.locator('.fjs-form-field-error').count()).toBeGreaterThan(0);
    await form(page).getByLabel(/Invoice number/).fill('INV-42');
    await page.getByTestId('task-claim').click(); // the task loads again: what was typed stays
    await expect.poll(() => page.getByTestId('task-assignee').textContent(), soon).toMatch(/assigned to/);
    expect(await form(page).getByLabel(/Invoice number/).inputValue()).toBe('INV-42');
    await form(page).getByLabel(/Amount/).fill('80');
    await form(page).getByLabel(/Approved/).check();
    await page.getByTestId('task-complete').click();
    await completed(page, task.id);
    expect(await endOf(task.instanceId)).toBe('approvedEnd');
    expect(scopeValues((await client.instance({ id: task.instanceId })).variables)).toMatchObject({ invoiceNumber: 'INV-42', amount: 80, approved: true });
  }, 240_000);

  it('no form: typed inputs for what the next steps read; free: variables of your choice', async () => {
    const typed = await startTask('none');
    await go(page, `#/tasks/${typed.id}`);
    await page.getByTestId('task-fields-form').waitFor(soon);
    await form(page).getByLabel('amount').fill('12');
    await form(page).getByLabel('approved').check();
    await page.getByTestId('task-complete').click();
    await completed(page, typed.id);
    expect(await endOf(typed.instanceId)).toBe('approvedEnd');

    const free = await startTask('free');
    await go(page, `#/tasks/${free.id}`);
    await page.getByTestId('task-free-form').waitFor(soon);
    await page.getByTestId('var-add').click();
    await page.getByTestId('var-name').fill('comment');
    await page.getByTestId('var-value').fill('looks fine');
    await page.getByTestId('task-complete').click();
    await completed(page, free.id);
    await endOf(free.instanceId);
    expect(scopeValues((await client.instance({ id: free.instanceId })).variables)).toMatchObject({ comment: 'looks fine' });
  }, 240_000);

  it('links to the instance in the Monitor', async () => {
    const task = await startTask('none');
    await go(page, `#/tasks/${task.id}`);
    await page.getByTestId('task-instance-link').click();
    await expect.poll(() => page.getByTestId('instance-view').getAttribute('data-state'), soon).toBe('ACTIVE');
    expect(await page.evaluate(() => location.hash)).toBe(`#/monitor/instance/${task.instanceId}`);
    await client.cancelInstance({ id: task.instanceId });
  }, 120_000);
});

it('two browsers race for one task: one completes it, the other is told and its list drops it', async () => {
  const task = await startTask('none');
  const screens = await Promise.all([0, 1].map(() => openScreen(browser, { hash: `#/tasks/${task.id}` })));
  try {
    for (const [i, s] of screens.entries()) {
      await s.page.getByTestId('task-fields-form').waitFor(soon);
      await form(s.page).getByLabel('approved').check();
      await form(s.page).getByLabel('amount').fill(String(i + 1));
    }
    await Promise.all(screens.map((s) => s.page.getByTestId('task-complete').click({ force: true }))); // both at once (force: a view that already heard of the other's completion has disabled it)
    // one wins; the other is refused at Complete (409) or, if the winner's event came first, told the task is gone
    const said = (s: Screen) => s.page.getByTestId('task-completed').or(s.page.getByTestId('task-problem')).or(s.page.getByTestId('task-gone')).first();
    for (const s of screens) await said(s).waitFor(soon);
    const winners: Screen[] = [];
    for (const s of screens) if (await s.page.getByTestId('task-completed').count()) winners.push(s);
    expect(winners).toHaveLength(1);
    const loser = screens.find((s) => s !== winners[0])!;
    const told = [...await loser.page.getByTestId('task-problem').allTextContents(), ...await loser.page.getByTestId('task-gone').allTextContents()].join(' ');
    expect(told).toMatch(/already completed by .+: nothing was changed/);
    await expect.poll(() => loser.page.locator(`[data-testid="task-row"][data-id="${task.id}"]`).count(), soon).toBe(0);
    const amount = scopeValues((await client.instance({ id: task.instanceId })).variables).amount;
    expect(amount).toBe(screens.indexOf(winners[0]) + 1); // the winner's values, not the loser's
    for (const s of screens) expect(s.errors).toEqual([]);
  } finally { await Promise.all(screens.map((s) => s.close())); }
}, 240_000);
