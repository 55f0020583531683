/**
 * The faults that hang instead of killing, against a private real stack (its own data dir and Ollama,
 * shared by the tests of this file — not the common test stack, since these tests freeze its parts):
 * - a laptop's sleep: every process of the stack frozen (SIGSTOP) for 30 s, then resumed: nothing is
 *   restarted, a task that was running when it froze (its lock ran out meanwhile) runs once, a timer
 *   due during the sleep fires once, and the kernel says the machine slept;
 * - a worker that hangs while the kernel runs: restarted, the reason named;
 * - an engine that hangs: "not answering" in status, calls fail at once instead of hanging, then it
 *   is restarted and work goes on;
 * - an engine out of memory: restarted by itself, with "out of memory while deploying …" as the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { freePort } from '../../main/kernel/ports';
import { eventually } from '../helpers/cli';
import { alive, descendants } from '../helpers/processes';
import { startPrivateStack, stopPrivateStack, type PrivateStack } from '../helpers/private-stack';
import { chainProcess } from '../helpers/workers-bpmn';

const root = resolve(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'procos-hangs-'));
const FREEZE_MS = 30_000;
const SUPERVISED = ['engine', 'ollama', 'worker:system', 'worker:generic', 'worker:ai'];

let stack: PrivateStack;
/** A web service the process calls: it holds each call until released, and counts calls per path. */
let service: Server;
let serviceUrl = '';
const calls = new Map<string, number>();
const held: ServerResponse[] = [];

const ready = () => eventually(async () => (await stack.client.status()).ready, 'status to say ready', 240, 500);
const components = async () => (await stack.client.status()).components;

/** The engine's REST API as the kernel reaches it (for what the ProcOS API does not show: timer jobs). */
async function engineGet<T>(path: string): Promise<T> {
  const engine = (await components()).engine;
  const { user, password } = JSON.parse(readFileSync(join(home, 'engine', 'credentials.json'), 'utf8'));
  const res = await fetch(`${engine.url}${path}`, { headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
  return res.json() as Promise<T>;
}

function timerProcess(key: string, cycle: string) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_${key}" targetNamespace="http://procos.local/test">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:endEvent id="done"/>
    <bpmn:sequenceFlow id="f0" sourceRef="tick" targetRef="done"/>
  </bpmn:process>
</bpmn:definitions>`;
}

describe('hangs and sleep', () => {
  beforeAll(async () => {
    service = createServer((req: IncomingMessage, res: ServerResponse) => {
      calls.set(req.url ?? '', (calls.get(req.url ?? '') ?? 0) + 1);
      held.push(res);
    });
    await new Promise<void>((ok) => service.listen(0, '127.0.0.1', ok));
    serviceUrl = `http://127.0.0.1:${(service.address() as { port: number }).port}`;
    // an Ollama of its own: every process of this stack is frozen, none is shared
    stack = await startPrivateStack(home, { PROCOS_OLLAMA_URL: `http://127.0.0.1:${await freePort()}` });
  });

  afterAll(async () => {
    held.splice(0).forEach((r) => r.end());
    service?.close();
    const left = await stopPrivateStack(stack);
    rmSync(home, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  it('the whole stack frozen for 30 s, then resumed: nothing restarted, a running task runs once, a due timer fires once', async () => {
    const { client } = stack;
    // locks shorter than the sleep: the engine sees them run out while everything is frozen
    await client.updateSettings({ 'workers.lockDurationMs': 5000 });
    await client.restartComponent({ name: 'worker:generic' });
    await ready();
    const call = chainProcess('sleep_call', ['http_request']);
    expect((await client.deploy({ files: [{ name: 'sleep_call.bpmn', xml: call }, { name: 'sleep_tick.bpmn', xml: timerProcess('sleep_tick', 'R/PT10S') }] })).ok).toBe(true);
    const keys = ['a', 'b', 'c'];
    const ids = await Promise.all(keys.map(async (k) => (await client.startInstance({ key: 'sleep_call', businessKey: k, variables: { url: `${serviceUrl}/call/${k}`, timeout: 600_000 } })).id));
    await eventually(async () => held.length === keys.length, 'every task to be running (its call held)', 240, 250);
    await eventually(async () => (await engineGet<unknown[]>('/job?processDefinitionKey=sleep_tick')).length === 1, 'the timer to be scheduled');

    const before = await components();
    const frozen = [stack.child.pid!, ...descendants(stack.child.pid!)];
    const frozenAt = Date.now();
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    await new Promise((r) => setTimeout(r, FREEZE_MS)); // the sleep itself
    for (const pid of frozen) process.kill(pid, 'SIGCONT');
    held.splice(0).forEach((res) => res.end('ok'));

    await eventually(async () => {
      const states = await Promise.all(ids.map(async (id) => (await client.instance({ id })).state));
      return states.every((s) => s === 'COMPLETED');
    }, 'the held tasks to complete', 240, 500).catch(async (err: Error) => {
      const states = await Promise.all(ids.map(async (id) => (await client.instance({ id }).catch(() => undefined))?.state));
      const log = (await client.logs({ name: 'worker:generic' }).catch(() => [])).slice(-15).join('\n');
      throw new Error(`${err.message}: instances ${states.join(', ')}; calls ${JSON.stringify(Object.fromEntries(calls))}; worker:generic said:\n${log}`);
    });
    expect(Object.fromEntries(calls)).toEqual({ '/call/a': 1, '/call/b': 1, '/call/c': 1 });
    await ready();
    const after = await components();
    for (const name of SUPERVISED) {
      expect({ name, pid: after[name].pid, restarts: after[name].restarts }).toEqual({ name, pid: before[name].pid, restarts: before[name].restarts });
    }
    expect((await client.logs({ name: 'worker:generic' })).join('\n')).toMatch(/the machine slept for \d+ s/);

    // the timer was due three times during the sleep: it fired once on waking, then went on every 10 s
    // from there — not three (or more) times in a row (the engine's own start times)
    const startedAfter = new Date(frozenAt + 1000).toISOString();
    const fired = await eventually(async () => {
      const { items } = await client.instances({ definitionKey: 'sleep_tick', startedAfter, maxResults: 200 });
      return items.length >= 2 && items.map((i) => Date.parse(i.startTime)).sort((x, y) => x - y);
    }, 'the timer to fire after the sleep, and once more', 120, 500);
    expect(fired[1] - fired[0]).toBeGreaterThanOrEqual(5000);
  });

  it('a worker that hangs while the kernel runs: restarted, and status says why', async () => {
    const hung = (await components())['worker:generic'].pid!;
    process.kill(hung, 'SIGSTOP');
    const now = await eventually(async () => {
      const w = (await components())['worker:generic'];
      return w.state === 'ready' && w.pid !== hung && w;
    }, 'a new generic worker', 240, 500);
    expect(now.lastError).toMatch(/hung: no heartbeat for \d+ s while the kernel ran/);
    expect(alive(hung)).toBe(false);
  });

  it('an engine that hangs: "not answering", calls fail at once, then it is restarted and work goes on', async () => {
    const hung = (await components()).engine.pid!;
    process.kill(hung, 'SIGSTOP');
    await eventually(async () => /not answering/.test((await components()).engine.detail), 'status to say the engine is not answering', 120, 500);
    await expect(stack.client.definitions()).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/the engine is down: not answering/) });
    const engine = await eventually(async () => {
      const e = (await components()).engine;
      return e.state === 'ready' && e.pid !== hung && e;
    }, 'a new engine', 480, 500);
    expect(engine.lastError).toMatch(/not answering for \d+ s/);
    expect(alive(hung)).toBe(false);
    await ready();
    const xml = readFileSync(join(root, 'test', 'fixtures', 'health_ping.bpmn'), 'utf8');
    expect((await stack.client.deploy({ files: [{ name: 'health_ping.bpmn', xml }] })).ok).toBe(true);
    expect((await stack.client.run({ key: 'health_ping', wait: true, timeoutSeconds: 120 })).state).toBe('COMPLETED');
  });

  it('an engine out of memory: restarted by itself, "out of memory while deploying …" as the reason', async () => {
    const { client } = stack;
    await client.updateSettings({ 'engine.heapMb': 128 });
    await client.restartComponent({ name: 'engine' });
    await ready();
    const before = (await components()).engine;
    expect(before.version).toMatch(/heap 128 MB/);
    // each file within the deploy limits; together more than a 128 MB heap holds parsed
    const files = Array.from({ length: 10 }, (_, i) => ({ name: `wide${i}.bpmn`, xml: chainProcess(`wide_${i}`, Array.from({ length: 2400 }, () => 'input_validation')) }));
    await expect(client.deploy({ files })).rejects.toMatchObject({ status: 503 });
    const engine = await eventually(async () => {
      const e = (await components()).engine;
      return e.state === 'ready' && e.pid !== before.pid && e;
    }, 'the engine to be back', 480, 500);
    // the JVM gave up ("Java heap space"), or stopped answering with a full heap first (its gc.log)
    expect(engine.lastError).toMatch(/out of memory while deploying wide0\.bpmn, wide1\.bpmn.*heap 128 MB/);
    // work goes on on the restarted engine (the same 128 MB: what fits in it runs)
    await ready();
    const xml = readFileSync(join(root, 'test', 'fixtures', 'health_ping.bpmn'), 'utf8');
    expect((await client.deploy({ files: [{ name: 'health_ping.bpmn', xml }] })).ok).toBe(true);
    expect((await client.run({ key: 'health_ping', wait: true, timeoutSeconds: 120 })).state).toBe('COMPLETED');
  });
});
