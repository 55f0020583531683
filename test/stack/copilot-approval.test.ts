/**
 * A drafted approval process runs end to end on the real engine: the manager's step has a form with
 * a yes/no field `approved` (camunda:formData, required), the decision after it reads the field, and
 * nothing has to be given at start. The person's answer is given first at the engine's level (its REST
 * API's submit-form as the test step), then through ProcOS's task API as the Tasks view gives it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DraftResult } from '../../common/contract';
import { scopeValues } from '../../common/variables';
import { eventually } from '../helpers/cli';
import { stackEngine, type StackEngine } from '../helpers/stack-engine';
import { testStack } from '../helpers/stack';

const { client } = testStack();
const LEAVE = 'An employee asks for leave; the manager approves or rejects it. If it is approved, HR records the leave; otherwise the manager calls the employee.';

interface EngineTask { id: string; name: string }

let draft: DraftResult;
let engine: StackEngine;

async function waitingTask(instanceId: string): Promise<EngineTask> {
  return eventually(async () => (await engine.request<EngineTask[]>('GET', `/task?processInstanceId=${instanceId}`)).body[0], 'a task to wait for a person');
}

async function startInstance(): Promise<string> {
  return (await client.startInstance({ key: draft.processKey, variables: {} })).id;
}

beforeAll(async () => {
  engine = await stackEngine();
  draft = await client.draft({ description: LEAVE, repairs: 0 });
  const deployed = await client.deploy({ files: [{ name: draft.fileName, xml: draft.xml }] });
  expect(deployed.errors).toEqual([]);
}, 1_200_000);

describe('a drafted approval process', () => {
  it('asks for nothing at start: the decision reads what the manager answers in the form', () => {
    expect(draft.valid, JSON.stringify(draft.findings)).toBe(true);
    expect(draft.startVariables).toEqual([]);
    expect(draft.xml).toContain('${approved == true}');
  });

  it("the manager's task has the form field approved (a yes/no the engine requires)", async () => {
    const id = await startInstance();
    const task = await waitingTask(id);
    expect(task.name).toBe('Manager approves or rejects the leave request');
    const form = await engine.request<Record<string, { type: string; value: unknown }>>('GET', `/task/${task.id}/form-variables`);
    expect(form.body).toEqual({ approved: { type: 'Boolean', value: null, valueInfo: {} } });
    const refused = await engine.request<{ message: string }>('POST', `/task/${task.id}/submit-form`, { variables: {} });
    expect(refused.status).toBe(500);
    expect(refused.body.message).toMatch(/approved.*required/);
    expect((await waitingTask(id)).id).toBe(task.id); // nothing lost: it still waits
    await client.cancelInstance({ id });
  });

  it('approved → HR records the leave; the run completes', async () => {
    const id = await startInstance();
    const task = await waitingTask(id);
    expect((await engine.request('POST', `/task/${task.id}/submit-form`, { variables: { approved: { value: true } } })).status).toBe(204);
    const next = await eventually(async () => {
      const t = await waitingTask(id);
      return t.id !== task.id && t;
    }, 'the next task');
    expect(next.name).toBe('HR records the leave');
    expect((await engine.request('POST', `/task/${next.id}/complete`, { variables: {} })).status).toBe(204);
    const done = await client.instance({ id });
    expect(done.state).toBe('COMPLETED');
    expect(scopeValues(done.variables).approved).toBe(true);
    expect(done.activities.map((a) => a.activityName)).not.toContain('Manager calls the employee');
  });

  it('rejected → the manager calls the employee instead', async () => {
    const id = await startInstance();
    const task = await waitingTask(id);
    await engine.request('POST', `/task/${task.id}/submit-form`, { variables: { approved: { value: false } } });
    const next = await eventually(async () => {
      const t = await waitingTask(id);
      return t.id !== task.id && t;
    }, 'the next task');
    expect(next.name).toBe('Manager calls the employee');
    await engine.request('POST', `/task/${next.id}/complete`, { variables: {} });
    const done = await client.instance({ id });
    expect(done.state).toBe('COMPLETED');
    expect(done.activities.map((a) => a.activityName)).not.toContain('HR records the leave');
  });

  it('through the task API: the form ProcOS shows, a refusal naming the field, then approved → HR', async () => {
    const id = await startInstance();
    const listed = await eventually(async () => (await client.tasks({ filter: 'all', processKey: draft.processKey, maxResults: 50 })).items.find((t) => t.instanceId === id), 'the task in the list');
    const detail = await client.task({ id: listed.id });
    expect(detail.name).toBe('Manager approves or rejects the leave request');
    expect(detail.form.kind).toBe('generated');
    expect(detail.form.fields).toEqual([expect.objectContaining({ key: 'approved', label: 'Approved?', type: 'boolean', required: true })]);
    await expect(client.completeTask({ id: listed.id, variables: {} })).rejects.toThrow(/approved/);
    const done = await client.completeTask({ id: listed.id, variables: { approved: true } });
    const next = done.next ?? await eventually(async () => (await client.tasks({ filter: 'all', processKey: draft.processKey, maxResults: 50 })).items.find((t) => t.instanceId === id), 'the next task');
    expect(next.name).toBe('HR records the leave');
    await client.completeTask({ id: next.id, variables: {} });
    expect((await client.instance({ id })).state).toBe('COMPLETED');
  });
});
