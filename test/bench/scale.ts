/**
 * `npm run bench -- scale`: the engine's own clustering under load. A private PostgreSQL and two engine
 * nodes A and B from the bundled jar; a process with a timer (PT1S) and three generic external tasks
 * (input_validation); `procos worker` processes (real child processes), each polling both nodes
 * (`--engine A --engine B`); instances started through A and B in turn.
 *   throughput: N instances with 1, 2 and 4 workers, instances/s from the first start to the last end
 *   cross-node pickup: with the 4 workers, 40 instances of a one-task process started one by one through
 *     A and B in turn (the task is created on the node that started it); pickup = the task's creation to
 *     its completion by a worker, both from the engine's external-task log (one clock: the nodes share a host)
 *   node kill: N more instances with 4 workers; node A gets kill -9 once half of them ended; node B (its
 *     job executor takes over A's timers once their locks expire) and the workers finish the rest.
 *     Recovered in S s = from the kill until the last of those instances ended. Lost = not ended in time.
 * Last line, exactly:
 * `scale: lost L of N; workers 1=A/s 2=B/s 4=C/s; cross-node pickup p50 X ms p99 Y ms; node kill recovered in S s`.
 * Run alone: `npx tsx test/bench/scale.ts` (BENCH_SCALE_N to change N, default 200).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEngineCluster, type EngineNode } from '../helpers/engine-cluster';
import { deploy, engineRest, engineTime, sleep } from '../helpers/workers-engine';

const root = resolve(import.meta.dirname, '..', '..');
const N = Math.max(200, Number(process.env.BENCH_SCALE_N ?? 200));
const FINISH_TIMEOUT_MS = 10 * 60_000;
const TOPIC = 'input_validation';
const PICKUP_SAMPLES = 40;

function scaleProcess(key: string): string {
  const tasks = [0, 1, 2].map((i) => `<bpmn:serviceTask id="task${i}" camunda:type="external" camunda:topic="${TOPIC}"/>`).join('\n    ');
  const ids = ['start', 'wait', 'task0', 'task1', 'task2', 'done'];
  const flows = ids.slice(1).map((to, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${ids[i]}" targetRef="${to}"/>`).join('\n    ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_${key}" targetNamespace="http://procos.local/bench">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    ${tasks}
    <bpmn:endEvent id="done"/>
    ${flows}
  </bpmn:process>
</bpmn:definitions>`;
}

/** A process with one external task and nothing else: the task is created in the start call, on the node that took it. */
function pickupProcess(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_${key}" targetNamespace="http://procos.local/bench">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:serviceTask id="task" camunda:type="external" camunda:topic="${TOPIC}"/>
    <bpmn:endEvent id="done"/>
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="task"/>
    <bpmn:sequenceFlow id="f1" sourceRef="task" targetRef="done"/>
  </bpmn:process>
</bpmn:definitions>`;
}

/** `procos worker` processes, each polling every node; resolves once each one polls. */
async function startWorkers(nodes: EngineNode[], count: number): Promise<ChildProcess[]> {
  const { user, password } = nodes[0];
  const children = Array.from({ length: count }, () => spawn(process.execPath,
    [join(root, 'bin', 'procos.js'), 'worker', ...nodes.flatMap((n) => ['--engine', n.url]), '--user', user, '--password', password, '--topics', TOPIC],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }));
  await Promise.all(children.map((child) => new Promise<void>((ok, fail) => {
    let out = '';
    const onData = (d: Buffer) => { out += d; if (/polling /.test(out)) ok(); };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`procos worker exited with ${code}: ${out}`)));
  })));
  for (const c of children) c.removeAllListeners('exit');
  return children;
}

async function stopWorkers(children: ChildProcess[]) {
  await Promise.all(children.map((c) => new Promise<void>((ok) => {
    if (c.exitCode !== null) return ok();
    c.once('exit', () => ok());
    c.kill('SIGTERM');
  })));
}

/** Deploys through the first node and has every node load the definition before any start: a node that
 * parses a new deployment while starts pour in can refuse one ("processDefinitionId is null"). */
async function deployToAll(nodes: EngineNode[], key: string, xml: string) {
  await deploy(nodes[0], key, xml);
  for (const node of nodes) await engineRest(node, 'GET', `/process-definition/key/${key}/form-variables`);
}

/** `count` instances of `key`, started through the nodes in turn, 8 at a time. */
async function startInstances(nodes: EngineNode[], key: string, count: number) {
  let next = 0;
  const one = async () => {
    while (next < count) {
      const node = nodes[next++ % nodes.length];
      await engineRest(node, 'POST', `/process-definition/key/${key}/start`, {});
    }
  };
  await Promise.all(Array.from({ length: 8 }, one));
}

interface TaskLog { externalTaskId: string; timestamp: string; creationLog: boolean; successLog: boolean }

/** Pickup across nodes: one-task instances started one by one through the nodes in turn; ms from each
 * task's creation to its completion, as the engine logged them. */
async function crossNodePickup(nodes: EngineNode[], key: string): Promise<number[]> {
  await deployToAll(nodes, key, pickupProcess(key));
  for (let i = 0; i < PICKUP_SAMPLES; i++) {
    await engineRest(nodes[i % nodes.length], 'POST', `/process-definition/key/${key}/start`, {});
    await sleep(100 + Math.random() * 100); // tasks arrive at random moments of the polls' cycles, never queued
  }
  await waitEnded(nodes[nodes.length - 1], key, PICKUP_SAMPLES);
  const log = await engineRest<TaskLog[]>(nodes[0], 'GET', `/history/external-task-log?processDefinitionKey=${key}&maxResults=1000`);
  const created = new Map(log.filter((l) => l.creationLog).map((l) => [l.externalTaskId, engineTime(l.timestamp)]));
  return log.filter((l) => l.successLog && created.has(l.externalTaskId))
    .map((l) => engineTime(l.timestamp) - created.get(l.externalTaskId)!);
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };

const ended = async (node: EngineNode, key: string) =>
  (await engineRest<{ count: number }>(node, 'GET', `/history/process-instance/count?processDefinitionKey=${key}&completed=true`)).count;

/** Polls node `via` until `count` instances of `key` ended or the time is up; returns the ended count and when. */
async function waitEnded(via: EngineNode, key: string, count: number, onProgress?: (done: number) => Promise<void> | void) {
  const deadline = Date.now() + FINISH_TIMEOUT_MS;
  let done = 0;
  while (Date.now() < deadline) {
    done = await ended(via, key).catch(() => done);
    await onProgress?.(done);
    if (done >= count) break;
    await sleep(200);
  }
  return { done, at: performance.now() };
}

export async function benchScale() {
  console.log(`scale bench: PostgreSQL + engine nodes A and B, ${N} instances per run (timer PT1S + 3 × ${TOPIC}); every worker polls both nodes`);
  const cluster = await startEngineCluster(2);
  const [a, b] = cluster.nodes;
  const rates: Record<number, number> = {};
  let lost: number;
  let recovered: number;
  let pickup: number[];
  let workers: ChildProcess[] = [];
  try {
    for (const count of [1, 2, 4]) {
      const key = `scale_w${count}`;
      await deployToAll([a, b], key, scaleProcess(key));
      workers = await startWorkers([a, b], count);
      const started = performance.now();
      await startInstances([a, b], key, N);
      const { done, at } = await waitEnded(b, key, N);
      rates[count] = N / ((at - started) / 1000);
      console.log(`  ${count} worker${count > 1 ? 's' : ' '}: ${N} instances in ${((at - started) / 1000).toFixed(1)} s = ${rates[count].toFixed(1)} instances/s${done < N ? `; ${N - done} did not end` : ''}`);
      if (count !== 4) { await stopWorkers(workers); workers = []; }
    }

    pickup = await crossNodePickup([a, b], 'scale_pickup');
    console.log(`  cross-node pickup (4 workers, ${pickup.length} tasks created on A and B in turn): p50 ${pct(pickup, 50)} ms p99 ${pct(pickup, 99)} ms, max ${Math.max(...pickup)} ms`);

    const key = 'scale_kill';
    await deployToAll([a, b], key, scaleProcess(key));
    await startInstances([a, b], key, N);
    let killedAt = 0;
    const { done, at } = await waitEnded(b, key, N, (n) => {
      if (!killedAt && n >= N / 2) { a.kill9(); killedAt = performance.now(); console.log(`  kill -9 node A (pid ${a.pid}) with ${n} of ${N} ended`); }
    });
    lost = N - done;
    recovered = killedAt ? (at - killedAt) / 1000 : NaN;
    const incidents = await engineRest<{ count: number }>(b, 'GET', `/history/incident/count?processDefinitionKey=${key}`);
    console.log(`  node kill: ${done} of ${N} ended via node B, ${incidents.count} incidents; ${recovered.toFixed(1)} s from the kill to the last end`);
  } finally {
    await stopWorkers(workers);
    await cluster.stop();
  }
  const r = (n: number) => (rates[n] ?? NaN).toFixed(1);
  console.log(`goals: lost 0 (${lost === 0 ? 'met' : 'NOT met'}); 4 workers ≥ 1 worker (${rates[4] >= rates[1] ? 'met' : 'NOT met'}); cross-node pickup p99 ≤ 100 ms (${pct(pickup, 99) <= 100 ? 'met' : 'NOT met'})`);
  console.log(`scale: lost ${lost} of ${N}; workers 1=${r(1)}/s 2=${r(2)}/s 4=${r(4)}/s; cross-node pickup p50 ${pct(pickup, 50)} ms p99 ${pct(pickup, 99)} ms; node kill recovered in ${recovered.toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await benchScale();
