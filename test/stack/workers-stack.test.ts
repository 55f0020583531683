/**
 * Workers inside the real ProcOS stack (booted once by test/setup/stack.ts; heartbeat interval 1 s via
 * PROCOS_HEARTBEAT_MS): the AI query process through the API, the registry, a worker whose heartbeats
 * stop, and a worker killed with SIGKILL in the middle of a task.
 */
import { describe, expect, it } from 'vitest';
import type { KernelEvent, WorkerInfo } from '../../common/contract';
import { testStack } from '../helpers/stack';
import { scopeValues } from '../../common/variables';

const HEARTBEAT_MS = 1000; // PROCOS_HEARTBEAT_MS in test/setup/stack.ts
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function worker(kind: string): Promise<WorkerInfo> {
  const found = (await testStack().client.workers()).find((w) => w.kind === kind);
  if (!found) throw new Error(`no ${kind} worker in the registry`);
  return found;
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v) return v;
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('workers in the stack', () => {
  it('the registry lists every kind, healthy, with its topics', async () => {
    const workers = await testStack().client.workers();
    const byKind = Object.fromEntries(workers.map((w) => [w.kind, w]));
    expect(byKind.system.topics).toEqual(['system_health_check']);
    expect(byKind.generic.topics).toEqual(['http_request', 'input_validation', 'email_send', 'slack_post']);
    expect(byKind.ai.topics).toEqual(['ai_query', 'text_generation', 'code_analysis', 'provider_selection', 'ai_completion']);
    for (const w of workers) {
      expect(w.healthy).toBe(true);
      expect(w.pid).toBeGreaterThan(0);
    }
  });

  it('run ai_query_process "What is BPMN?" → COMPLETED on the local model', async () => {
    const { client } = testStack();
    // a short answer (max_tokens): the flow is under test, not the model's prose
    const r = await client.run({ key: 'ai_query_process', variables: { user_query: 'What is BPMN?', max_tokens: 48 }, wait: true, timeoutSeconds: 220 });
    if (r.state !== 'COMPLETED') {
      const detail = await client.instance({ id: r.id });
      throw new Error(`instance ${r.state}: incidents ${JSON.stringify(detail.incidents)}; active ${detail.activeActivityIds}`);
    }
    expect(typeof r.variables.ai_response).toBe('string');
    expect((r.variables.ai_response as string).trim()).not.toBe('');
    expect(r.variables.provider).toBe('ollama');
    expect(r.variables.model_used).toBe('smollm2:135m');
    expect(r.variables.response_time_ms as number).toBeGreaterThan(0);
    expect(r.variables.response_time_ms as number).toBeLessThan(220_000);
  });

  it('heartbeats stop (SIGSTOP) → unhealthy once two intervals passed without one; they resume → healthy', async () => {
    const before = await worker('system');
    expect(before.healthy).toBe(true);
    process.kill(before.pid!, 'SIGSTOP');
    try {
      const unhealthy = await until('system worker unhealthy', async () => { const w = await worker('system'); return !w.healthy && w; }, 30 * HEARTBEAT_MS, 50);
      // the registry's rule, as it reports it: unhealthy = no heartbeat for more than two intervals
      expect(unhealthy.heartbeatAgeMs).toBeGreaterThan(2 * HEARTBEAT_MS);
    } finally {
      process.kill(before.pid!, 'SIGCONT');
    }
    const after = await until('system worker healthy again', async () => { const w = await worker('system'); return w.healthy && w; }, 15 * HEARTBEAT_MS);
    expect(after.healthy).toBe(true);
  });

  it('kill -9 of the AI worker mid-task: the pool restarts it, the task completes after lock expiry, exactly once', async () => {
    const { client } = testStack();
    const events: KernelEvent[] = [];
    const off = client.onEvent((e) => events.push(e));
    // a lock of 8 s, not the default 30 s: the engine hands the killed worker's task on sooner (a live worker
    // extends its lock while the model answers, so the task is not handed on while it runs)
    const lockFor = async (ms: number | null) => {
      const before = (await worker('ai')).pid;
      await client.updateSettings({ 'workers.lockDurationMs': ms });
      await client.restartComponent({ name: 'worker:ai' });
      await until('the AI worker back', async () => { const w = await worker('ai'); return w.pid !== before && w.healthy; }, 60_000, 250);
    };
    await lockFor(8000);
    try {
      const { id } = await client.startInstance({ key: 'ai_query_process', variables: { user_query: 'Describe a business process in detail.', max_tokens: 60 } });
      const victim = await worker('ai');
      await until('the first AI token of the instance', async () => events.some((e) => e.type === 'ai-token' && e.instanceId === id), 180_000);
      process.kill(victim.pid!, 'SIGKILL');
      const replacement = await until('a new AI worker', async () => { const w = await worker('ai'); return w.pid !== victim.pid && w.healthy && w; }, 60_000, 250);
      expect(replacement.pid).not.toBe(victim.pid);
      const done = await until('the instance to end', async () => {
        const d = await client.instance({ id });
        return d.state !== 'ACTIVE' && d;
      }, 200_000, 500);
      expect(done.state).toBe('COMPLETED');
      expect(done.incidents).toEqual([]);
      expect(done.activities.filter((a) => a.activityId === 'Task_ai_query' && a.endTime)).toHaveLength(1);
      expect(done.activities.filter((a) => a.activityId === 'EndEvent_answered')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'task' && e.topic === 'ai_query' && e.instanceId === id && e.outcome === 'done')).toHaveLength(1);
      expect(typeof scopeValues(done.variables).ai_response).toBe('string');
    } finally {
      off();
      await lockFor(null);
    }
  }, 240_000);
});
