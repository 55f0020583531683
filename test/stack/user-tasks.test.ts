/**
 * A person's steps through the API and the CLI, on the real engine: a process of each form kind deploys
 * (a `.form` beside its BPMN), runs to its user task, lists, shows its form, is claimed and unclaimed,
 * refuses values that break its form (nothing is submitted: the task still waits), completes, and the
 * instance ends where the values lead. Deploy refuses a missing form (naming the element) and an
 * unreadable `.form` (naming the file); a task completed or deleted by someone else answers 409 / 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, type KernelEvent, type UserTaskSummary } from '../../common/contract';
import { testStack } from '../helpers/stack';
import { eventually, procos } from '../helpers/cli';
import { uniqueKey } from '../e2e/bpmn';
import { reviewForm, userTaskFiles, userTaskProcess, type FormKind } from '../helpers/user-tasks';
import { scopeValues } from '../../common/variables';

const { client, home } = testStack();
const work = mkdtempSync(join(tmpdir(), 'procos-tasks-'));
const events: KernelEvent[] = [];
let stopEvents: () => void;

beforeAll(() => { stopEvents = client.onEvent((e) => events.push(e)); });
afterAll(() => { stopEvents(); rmSync(work, { recursive: true, force: true }); });

/** Deploys a process of a kind, starts it, and waits for its task to be listed. */
async function taskOf(kind: FormKind, businessKey = uniqueKey('BK')): Promise<UserTaskSummary & { key: string }> {
  const key = uniqueKey(`ut_${kind.replace('-', '_')}`);
  const deployed = await client.deploy({ files: userTaskFiles(key, kind) });
  expect(deployed.errors).toEqual([]);
  const { id } = await client.startInstance({ key, businessKey });
  const task = await eventually(async () => (await client.tasks({ processKey: key })).items.find((t) => t.instanceId === id), `the task of ${key}`);
  return { ...task, key };
}

const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: ApiError) => e);
const instanceState = async (id: string) => (await client.instance({ id })).state;

describe('deploy with forms', () => {
  it('refuses a formRef to a form that is not deployed, naming the element, and deploys it with its .form', async () => {
    const key = uniqueKey('ut_missing');
    const missing = await client.deploy({ files: [{ name: `${key}.bpmn`, xml: userTaskProcess(key, 'camunda-form') }] });
    expect(missing.ok).toBe(false);
    expect(missing.errors).toEqual([expect.objectContaining({ element: 'step', file: `${key}.bpmn` })]);
    expect(missing.errors[0].message).toMatch(new RegExp(`"Check invoice" \\(element step\\) refers to form "${key}_form".*not deployed`));
    const both = await client.deploy({ files: userTaskFiles(key, 'camunda-form') });
    expect(both.ok).toBe(true);
    expect(both.processes.map((p) => p.key)).toEqual([key]);
    // the form is on the engine now: the diagram alone deploys again (a new version)
    const again = await client.deploy({ files: [{ name: `${key}.bpmn`, xml: userTaskProcess(key, 'camunda-form').replace('Check invoice', 'Check the invoice') }] });
    expect(again.errors).toEqual([]);
  });

  it('refuses a .form that form-js cannot read, naming the file, and deploys nothing of the batch', async () => {
    const key = uniqueKey('ut_badform');
    for (const [content, why] of [['{"type":"default","id":"x",', /is not JSON/], ['{"type":"default","components":[]}', /has no "id"/],
      [JSON.stringify({ type: 'default', id: 'x', components: [{ type: 'slider', key: 'a' }] }), /type <slider> not supported/],
      [JSON.stringify({ type: 'default', id: 'x', components: [{ type: 'textfield', key: 'a' }, { type: 'number', key: 'a' }] }), /binding path 'a' is already claimed/]] as const) {
      const r = await client.deploy({ files: [{ name: `${key}.bpmn`, xml: userTaskProcess(key, 'generated') }, { name: 'broken.form', xml: content }] });
      expect(r.ok).toBe(false);
      expect(r.errors).toEqual([expect.objectContaining({ file: 'broken.form', message: expect.stringMatching(why) })]);
    }
    expect((await client.definitions()).some((d) => d.key === key)).toBe(false);
  });
});

describe('user tasks through the API', () => {
  it('lists an open task with its process, business key and dates, announces it, and counts it', async () => {
    const task = await taskOf('generated', 'ORDER-7');
    expect(task).toMatchObject({ name: 'Review order', processKey: task.key, processName: 'Review order (generated)', businessKey: 'ORDER-7', elementId: 'step', priority: 50 });
    expect(Date.parse(task.created)).not.toBeNaN();
    await eventually(async () => events.find((e) => e.type === 'user-task' && e.state === 'created' && e.id === task.id), 'the task.created event');
    const byText = await client.tasks({ text: 'ORDER-7' });
    expect(byText.items.map((t) => t.id)).toContain(task.id);
    expect((await client.tasks({ text: 'no such words anywhere' })).items).toEqual([]);
    const list = await client.tasks({ processKey: task.key });
    expect(list.counts).toEqual({ mine: 0, unassigned: 1, all: 1 });
    expect(list.user).toBeTruthy();
  });

  it('a generated form: fields with their constraints, refused values named, claim, complete and the end it leads to', async () => {
    const task = await taskOf('generated');
    const detail = await client.task({ id: task.id });
    expect(detail.form.kind).toBe('generated');
    expect(detail.form.fields.map((f) => [f.key, f.type, f.required])).toEqual([
      ['amount', 'long', true], ['approved', 'boolean', false], ['priority', 'enum', false], ['deliverBy', 'date', false], ['note', 'string', false]]);
    expect(detail.form.fields[0]).toMatchObject({ min: 1, max: 1000 });
    expect(detail.form.fields[2].options?.map((o) => o.value)).toEqual(['low', 'normal', 'high']);

    for (const [variables, field] of [[{}, /Amount \(amount\) is required/], [{ amount: 5000 }, /at most 1000/], [{ amount: 2.5 }, /whole number/],
      [{ amount: 'many' }, /must be a number/], [{ amount: 5, priority: 'urgent' }, /one of low, normal, high/],
      [{ amount: 5, deliverBy: 'soon' }, /Deliver by \(deliverBy\) must be a date/], [{ amount: 5, note: 'x'.repeat(21) }, /at most 20 characters/]] as const) {
      const e = await refusal(client.completeTask({ id: task.id, variables }));
      expect(e.status).toBe(400);
      expect(e.message).toMatch(field);
    }
    expect((await client.task({ id: task.id })).id).toBe(task.id); // still waits

    const claimed = await client.claimTask({ id: task.id });
    expect(claimed.assignee).toBe((await client.tasks()).user);
    expect((await client.tasks({ filter: 'mine', processKey: task.key })).items.map((t) => t.id)).toEqual([task.id]);
    expect((await client.unclaimTask({ id: task.id })).assignee).toBeUndefined();
    expect((await client.tasks({ filter: 'unassigned', processKey: task.key })).items.map((t) => t.id)).toEqual([task.id]);

    const done = await client.completeTask({ id: task.id, variables: { amount: 250, approved: true, deliverBy: '2027-01-15', note: 'ok' } });
    expect(done).toMatchObject({ id: task.id, instanceId: task.instanceId });
    expect(done.next).toBeUndefined();
    await eventually(async () => (await instanceState(task.instanceId)) === 'COMPLETED', 'the instance to end');
    const ended = await client.instance({ id: task.instanceId });
    expect(ended.endEventId).toBe('approvedEnd');
    expect(scopeValues(ended.variables)).toMatchObject({ amount: 250, approved: true, priority: 'normal', note: 'ok' });
    expect(String(scopeValues(ended.variables).deliverBy)).toMatch(/^2027-01-15T/);
    expect(events.some((e) => e.type === 'user-task' && e.state === 'completed' && e.id === task.id)).toBe(true);
  });

  it('a Camunda Form: its schema as deployed, its fields checked like form-js does', async () => {
    const task = await taskOf('camunda-form');
    const detail = await client.task({ id: task.id });
    expect(detail.form).toMatchObject({ kind: 'camunda-form', formRef: `${task.key}_form` });
    expect(detail.form.schema).toEqual(JSON.parse(reviewForm(`${task.key}_form`)));
    expect(detail.form.fields.map((f) => [f.key, f.type, f.required])).toEqual([['invoiceNumber', 'string', true], ['amount', 'number', false], ['approved', 'boolean', false]]);
    expect((await refusal(client.completeTask({ id: task.id, variables: { amount: 10 } }))).message).toMatch(/Invoice number \(invoiceNumber\) is required/);
    expect((await refusal(client.completeTask({ id: task.id, variables: { invoiceNumber: 'INV-1', amount: 0 } }))).message).toMatch(/Amount \(amount\) must be at least 1/);
    await client.completeTask({ id: task.id, variables: { invoiceNumber: 'INV-1', amount: 10, approved: false } });
    await eventually(async () => (await client.instance({ id: task.instanceId })).endEventId === 'rejectedEnd', 'the instance to end at Rejected');
  });

  it('no form: typed inputs for what the next steps read, else any variables', async () => {
    const task = await taskOf('none');
    const detail = await client.task({ id: task.id });
    expect(detail.form).toMatchObject({ kind: 'none', free: false });
    expect(detail.form.fields.map((f) => [f.key, f.type])).toEqual([['approved', 'boolean'], ['amount', 'number']]);
    expect((await refusal(client.completeTask({ id: task.id, variables: { approved: 'perhaps' } }))).message).toMatch(/approved \(approved\) must be true or false/);
    await client.completeTask({ id: task.id, variables: { approved: 'true', amount: '12', extra: 'kept' } });
    await eventually(async () => (await client.instance({ id: task.instanceId })).endEventId === 'approvedEnd', 'the instance to end at Approved');
    expect(scopeValues((await client.instance({ id: task.instanceId })).variables)).toMatchObject({ approved: true, amount: 12, extra: 'kept' });
  });

  it('completed or deleted by someone else: 409 / 404 saying so, and nothing changes', async () => {
    const task = await taskOf('none');
    await client.completeTask({ id: task.id, variables: { approved: true, amount: 1 } });
    const twice = await refusal(client.completeTask({ id: task.id, variables: { approved: false } }));
    expect(twice.status).toBe(409);
    expect(twice.message).toMatch(/"Decide" was already completed by .+: nothing was changed/);
    expect((await refusal(client.claimTask({ id: task.id }))).status).toBe(409);

    const other = await taskOf('none');
    await client.cancelInstance({ id: other.instanceId });
    const gone = await refusal(client.completeTask({ id: other.id, variables: {} }));
    expect(gone.status).toBe(404);
    expect(gone.message).toMatch(/"Decide" no longer exists: it was deleted/);
    expect((await refusal(client.task({ id: 'no-such-task' }))).status).toBe(404);
  });
});

describe('user tasks through the CLI', () => {
  const cli = (...args: string[]) => procos(args, home);

  it('deploys a diagram with its .form, lists, shows, claims, unclaims and completes; refuses bad values with the field named', async () => {
    const key = uniqueKey('ut_cli');
    for (const f of userTaskFiles(key, 'camunda-form')) writeFileSync(join(work, f.name), f.xml);
    const missing = await cli('deploy', join(work, `${key}.bpmn`));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/element step/);
    const deployed = await cli('deploy', join(work, `${key}.bpmn`), join(work, `${key}_form.form`));
    expect(deployed.code, deployed.stderr).toBe(0);
    const { id: instanceId } = await client.startInstance({ key, businessKey: 'CLI-1' });
    const listed = await eventually(async () => {
      const r = await cli('tasks', '--json');
      return (JSON.parse(r.stdout) as Record<string, unknown>[]).find((t) => t.instanceId === instanceId);
    }, 'the task in `procos tasks --json`');
    expect(Object.keys(listed).sort()).toEqual(['assignee', 'businessKey', 'created', 'due', 'id', 'instanceId', 'name', 'processKey']);
    expect(listed).toMatchObject({ name: 'Check invoice', processKey: key, businessKey: 'CLI-1', assignee: null, due: null });
    const id = listed.id as string;
    expect((await cli('tasks')).stdout).toContain(id);

    const shown = JSON.parse((await cli('task', id, '--json')).stdout);
    expect(shown.form.kind).toBe('camunda-form');
    expect(shown.form.fields.map((f: { key: string; label: string; type: string; required: boolean }) => [f.key, f.label, f.type, f.required]))
      .toEqual([['invoiceNumber', 'Invoice number', 'string', true], ['amount', 'Amount', 'number', false], ['approved', 'Approved', 'boolean', false]]);
    expect(shown.variables).toEqual({});
    expect((await cli('task', id)).stdout).toMatch(/--var invoiceNumber=… {2}Invoice number \(string, required, maxlength 12\)/);

    const claim = await cli('claim', id);
    expect(claim.code).toBe(0);
    expect(claim.stdout).toMatch(/^Claimed "Check invoice"/);
    const mine = JSON.parse((await cli('tasks', '--mine', '--json')).stdout) as { id: string }[];
    expect(mine.map((t) => t.id)).toContain(id);
    expect((await cli('unclaim', id)).code).toBe(0);
    expect((JSON.parse((await cli('tasks', '--mine', '--json')).stdout) as { id: string }[]).map((t) => t.id)).not.toContain(id);

    const bad = await cli('complete', id, '--var', 'amount=5000');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not completed \(it still waits\)/);
    expect(bad.stderr).toMatch(/Invoice number \(invoiceNumber\) is required/);
    expect(bad.stderr).toMatch(/Amount \(amount\) must be at most 1000/);
    expect((await client.task({ id })).id).toBe(id);

    const done = await cli('complete', id, '--var', 'invoiceNumber=INV-9', '--var', 'amount=99', '--var', 'approved=true');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(new RegExp(`^Completed ${id}`));
    await eventually(async () => (await client.instance({ id: instanceId })).endEventId === 'approvedEnd', 'the instance to end at Approved');
    const again = await cli('complete', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already completed/);
    expect(again.stderr).not.toMatch(/details:/);
  });

  it('says what is missing, and what does not exist', async () => {
    for (const [args, message] of [[['task'], /usage: procos task ID/], [['claim'], /usage: procos claim ID/], [['unclaim'], /usage: procos unclaim ID/],
      [['complete'], /usage: procos complete ID/], [['task', 'nope'], /task nope does not exist/], [['claim', 'nope'], /task nope does not exist/],
      [['complete', 'nope', '--var', 'broken'], /--var needs name=value/]] as const) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
