/**
 * Runs a copilot draft to its end the way people and the world would: start variables stubbed by
 * type and format (an address, a local URL, a Slack channel the test server knows), a person's task
 * submitted with its form filled (yes for a yes/no field), a due timer fired, a waited-for message
 * sent — all through the engine's REST API. Returns the end state, or where the run stopped.
 */
import type { DraftResult, DraftStartVariable } from '../../common/contract';
import type { Kernel } from '../../main/kernel';

const RUN_SECONDS = Number(process.env.BENCH_RUN_SECONDS ?? 300);

export function stubValue(v: Pick<DraftStartVariable, 'name' | 'type' | 'format'>, httpUrl: string): unknown {
  if (v.format === 'email') return 'someone@procos.local';
  if (v.format === 'url') return httpUrl;
  if (/(^|_)channel$/.test(v.name)) return '#general';
  return v.type === 'number' ? 1000 : v.type === 'boolean' ? true : v.type === 'json' ? ['one', 'two'] : 'stub';
}

const formValue = (type: string) => (type === 'Boolean' ? true : type === 'Long' || type === 'Integer' ? 1 : 'stub');

export async function driveToEnd(kernel: Kernel, draft: DraftResult, env: { httpUrl: string }): Promise<string> {
  const variables: Record<string, unknown> = { max_tokens: 16 };
  for (const v of draft.startVariables) variables[v.name] = stubValue(v, env.httpUrl);
  const { id } = await kernel.api.startInstance({ key: draft.processKey, variables });
  const until = Date.now() + RUN_SECONDS * 1000;
  while (Date.now() < until) {
    const detail = await kernel.api.instance({ id });
    const incident = detail.incidents[0];
    if (incident) return `INCIDENT at ${incident.activityId}: ${(incident.message ?? '').slice(0, 100)}`;
    if (detail.state !== 'ACTIVE') return detail.state;
    for (const task of await kernel.rest.get<{ id: string }[]>(`/task?processInstanceId=${id}`)) {
      // the form's fields not yet given (a generated form lists its fields; their value is null until submitted)
      const form = await kernel.rest.get<Record<string, { type: string; value: unknown }>>(`/task/${task.id}/form-variables`).catch(() => ({}));
      const fields = Object.fromEntries(Object.entries(form).filter(([, f]) => f.value === null).map(([name, f]) => [name, { value: formValue(f.type) }]));
      await kernel.rest.post(`/task/${task.id}/submit-form`, { variables: fields }).catch(() => undefined);
    }
    for (const job of await kernel.rest.get<{ id: string }[]>(`/job?processInstanceId=${id}&timers=true`)) {
      await kernel.rest.post(`/job/${job.id}/execute`).catch(() => undefined);
    }
    for (const sub of await kernel.rest.get<{ eventName: string }[]>(`/event-subscription?processInstanceId=${id}&eventType=message`)) {
      await kernel.rest.post('/message', { messageName: sub.eventName, processInstanceId: id }).catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return 'TIMEOUT';
}
