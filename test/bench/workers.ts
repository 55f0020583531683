/**
 * `npm run bench -- workers`: ProcOS workers against camunda-external-task-client-js and Camunda's
 * Java client, each with its defaults and tuned as an expert would (long polling with ProcOS's
 * asyncResponseTimeout, the same maxTasks and lock duration, keep-alive connections), same engine, same
 * run, alternating rounds. Goals: ≥ 0.95× the engine's ceiling, pickup p99 ≤ the ceiling's p99 + 10 ms.
 *   pickup latency: external task created (its createTime, engine clock = same host) → handler invoked; p50/p99
 *   throughput: instances/s of a process with 3 no-op external tasks, 100 instances started at once
 * and Camunda's Java external task client with its defaults (workers-java.ts; skipped, with the reason,
 * where mvn/javac are missing). Beside them, as the yardstick: the engine's ceiling, a minimal HTTP loop
 * with a no-op handler (minimal-worker.ts) — what this engine allows any client on this machine.
 * Run alone: `npx tsx test/bench/workers.ts` (starts a private engine unless PROCOS_TEST_ENGINE_URL is set).
 * BENCH_WORKERS_ONLY=ceiling runs ProcOS and the ceiling alone; BENCH_WORKERS_ROUNDS sets the rounds (3).
 */
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { BasicAuthInterceptor, Client, type Interceptor } from 'camunda-external-task-client-js';
import { startWorker } from '../../workers/base';
import { success, type HandlerSet } from '../../workers/handler';
import type { EngineConnection, WorkerConfig } from '../../common/worker-protocol';
import { chainProcess } from '../helpers/workers-bpmn';
import { javaClientContender } from './workers-java';
import { startMinimalWorker } from './minimal-worker';
import { deploy, engineRest, engineTime, sleep, startProcess, startTestEngine, uniqueKey } from '../helpers/workers-engine';

export type Engine = { url: string; user?: string; password?: string };
/** What a contender reports per handler call: the task id, when it was invoked, when the engine created it. */
export interface Invocation { id: string; at?: number; createTime?: string; createdMs?: number }
export interface Contender { name: string; start(topics: string[], onInvoke: (task: Invocation) => void): Promise<() => Promise<void>> }

const LATENCY_SAMPLES = 40;
const THROUGHPUT_INSTANCES = 100;
const ROUNDS = Number(process.env.BENCH_WORKERS_ROUNDS ?? 3);

/** ProcOS base worker with the kernel's defaults (long polling 10 s, maxTasks 10, lock 30 s). */
const procos = (engine: Engine): Contender => ({
  name: 'ProcOS workers',
  async start(topics, onInvoke) {
    const handlers = Object.fromEntries(topics.map((t) => [t, async (ctx: { taskId: string; createTime?: string }) => { onInvoke({ id: ctx.taskId, createTime: ctx.createTime }); return success(); }]));
    const kind: HandlerSet = { kind: 'bench', tags: [], handlers };
    const config: WorkerConfig = {
      kind: 'bench', engine, ollama: { url: '', defaultModel: '' }, heartbeatMs: 5000, maxTasks: 10, lockDurationMs: 30_000,
      asyncResponseTimeoutMs: 10_000, retryBaseMs: 1000, defaultRetries: 3,
    };
    const worker = startWorker(kind, config, { emit: () => undefined, log: () => undefined, request: (async () => ({})) as never });
    return () => worker.stop();
  },
});

/** The polling settings ProcOS's workers use; the tuned contenders get the same. */
export const TUNED = { asyncResponseTimeoutMs: 10_000, maxTasks: 10, lockDurationMs: 30_000 };

/**
 * camunda-external-task-client-js as its README shows it (defaults: interval 300 ms, no long
 * polling), or tuned as an expert would through its public options: long polling with ProcOS's
 * asyncResponseTimeout and maxTasks, the same lock duration, no pause between polls (interval 0), and
 * a keep-alive node:http agent handed to got through an interceptor (what its public surface allows:
 * got's options, not another HTTP client).
 */
const jsClient = (engine: Engine, tuned: boolean): Contender => ({
  name: tuned ? 'external-task-client-js (tuned: long polling, keep-alive)' : 'external-task-client-js (defaults)',
  async start(topics, onInvoke) {
    const agent = new http.Agent({ keepAlive: true });
    const keepAlive: Interceptor = (options) => ({ ...options, agent: { http: agent } });
    const auth = engine.user ? [new BasicAuthInterceptor({ username: engine.user, password: engine.password ?? '' }) as unknown as Interceptor] : [];
    const interceptors = tuned ? [...auth, keepAlive] : auth.length ? auth : undefined;
    const client = new Client({
      baseUrl: engine.url, interceptors,
      ...(tuned ? { asyncResponseTimeout: TUNED.asyncResponseTimeoutMs, maxTasks: TUNED.maxTasks, lockDuration: TUNED.lockDurationMs, interval: 0 } : {}),
    });
    for (const t of topics) {
      client.subscribe(t, async ({ task, taskService }) => {
        onInvoke({ id: task.id, createTime: (task as { createTime?: string }).createTime });
        await taskService.complete(task);
      });
    }
    // a long poll in flight ends when its asyncResponseTimeout passes or a task comes: leave it be
    return async () => { client.stop(); await sleep(tuned ? 500 : 400); agent.destroy(); };
  },
});

/** Not a contender but the yardstick: the least any client can do per task (minimal-worker.ts), with the same settings. */
const CEILING = 'engine ceiling: minimal HTTP loop, no library';
const ceiling = (engine: Engine): Contender => ({
  name: CEILING,
  async start(topics, onInvoke) {
    return startMinimalWorker(engine, topics, (task) => onInvoke({ id: task.id, createTime: task.createTime }), TUNED);
  },
});

async function latency(engine: Engine, c: Contender): Promise<number[]> {
  const topic = uniqueKey('bench_pickup');
  await deploy(engine, topic, chainProcess(topic, [topic]));
  const samples: number[] = [];
  let waiting: ((task: Invocation) => void) | undefined;
  const stop = await c.start([topic], (task) => waiting?.({ ...task, at: task.at ?? Date.now() }));
  await sleep(500); // let the first poll be in flight
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const invoked = new Promise<Invocation>((r) => { waiting = r; });
    const sent = Date.now();
    await startProcess(engine, topic);
    const task = await invoked;
    const created = task.createdMs ?? (task.createTime ? engineTime(task.createTime) : NaN);
    samples.push(task.at! - (Number.isFinite(created) ? Math.max(created, sent) : sent));
    await sleep(20 + Math.random() * 80); // tasks arrive at random moments of the poll cycle
  }
  await stop();
  return samples;
}

async function throughput(engine: Engine, c: Contender): Promise<number> {
  const key = uniqueKey('bench_tp');
  const topics = [`${key}_a`, `${key}_b`, `${key}_c`];
  await deploy(engine, key, chainProcess(key, topics));
  let invoked = 0;
  const stop = await c.start(topics, () => { invoked++; });
  await sleep(500);
  const t0 = performance.now();
  for (let i = 0; i < THROUGHPUT_INSTANCES; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, THROUGHPUT_INSTANCES - i) }, () => startProcess(engine, key)));
  }
  let finished = 0;
  while (finished < THROUGHPUT_INSTANCES) {
    await sleep(20);
    finished = (await engineRest<{ count: number }>(engine, 'GET', `/history/process-instance/count?processDefinitionKey=${key}&finished=true`)).count;
    if (performance.now() - t0 > 300_000) throw new Error(`${c.name}: only ${finished} of ${THROUGHPUT_INSTANCES} instances finished in 300 s`);
  }
  const seconds = (performance.now() - t0) / 1000;
  await stop();
  if (invoked < 3 * THROUGHPUT_INSTANCES) throw new Error(`${c.name}: ${invoked} handler calls for ${3 * THROUGHPUT_INSTANCES} tasks`);
  return THROUGHPUT_INSTANCES / seconds;
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const median = (xs: number[]) => pct(xs, 50);

export async function benchWorkers(engine: Engine): Promise<void> {
  const java = javaClientContender(engine, false);
  const javaTuned = javaClientContender(engine, true);
  // BENCH_WORKERS_ONLY=ceiling: ProcOS and the ceiling alone (a quicker check of the goals)
  const rivals = process.env.BENCH_WORKERS_ONLY === 'ceiling' ? [] : [jsClient(engine, false), jsClient(engine, true),
    ...[java, javaTuned].filter((c): c is Contender => typeof c !== 'string')];
  const contenders = [procos(engine), ...rivals, ceiling(engine)];
  const lat = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const tp = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  await throughput(engine, contenders[0]); // warm the engine (JIT, connection pools) before anything is measured
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of round % 2 ? [...contenders].reverse() : contenders) {
      lat.get(c.name)!.push(...await latency(engine, c));
      tp.get(c.name)!.push(await throughput(engine, c));
      process.stdout.write(`round ${round + 1}/${ROUNDS} ${c.name}: done\n`);
    }
  }
  const rows = contenders.map((c) => ({
    name: c.name, p50: pct(lat.get(c.name)!, 50), p99: pct(lat.get(c.name)!, 99), tp: median(tp.get(c.name)!),
  }));
  const [ours, ...others] = rows;
  const top = rows.find((r) => r.name === CEILING)!;
  const line = (cells: string[]) => `| ${cells.map((x, i) => (i ? x.padStart(12) : x.padEnd(50))).join(' | ')} |`;
  console.log(`\nworkers benchmark — ${ROUNDS} rounds, ${LATENCY_SAMPLES * ROUNDS} pickups and ${THROUGHPUT_INSTANCES}×${ROUNDS} instances per contender, engine ${engine.url}`);
  console.log(line(['contender', 'pickup p50', 'pickup p99', 'instances/s']));
  console.log(line(['-'.repeat(50), '-'.repeat(12), '-'.repeat(12), '-'.repeat(12)]));
  for (const r of rows) console.log(line([r.name, `${r.p50} ms`, `${r.p99} ms`, r.tp.toFixed(1)]));
  for (const theirs of others) {
    console.log(line([`ProcOS vs ${theirs.name}`.slice(0, 50), `${(theirs.p50 / Math.max(1, ours.p50)).toFixed(1)}×`,
      `${(theirs.p99 / Math.max(1, ours.p99)).toFixed(1)}×`, `${(ours.tp / theirs.tp).toFixed(2)}×`]));
  }
  console.log('(ratios: latency = theirs ÷ ProcOS, throughput = ProcOS ÷ theirs; > 1 means ProcOS is better)');
  if (typeof java === 'string') console.log(`Java external task client: skipped — ${java}`);
  const tuned = rows.filter((r) => r.name.includes('tuned'));
  const best = tuned.sort((a, b) => b.tp - a.tp)[0];
  const ofCeiling = ours.tp / top.tp;
  console.log(`the engine's ceiling (${CEILING}): ${top.tp.toFixed(1)} instances/s, pickup p99 ${top.p99} ms — no client gets more out of this engine`);
  console.log(`goals: throughput ≥ 0.95× the engine's ceiling (${ofCeiling.toFixed(2)}×: ${ofCeiling >= 0.95 ? 'met' : 'NOT met'}); `
    + `pickup p99 ≤ the ceiling's p99 + 10 ms (${ours.p99} ms vs ${top.p99 + 10} ms: ${ours.p99 <= top.p99 + 10 ? 'met' : 'NOT met'})`);
  console.log(`workers: ProcOS ${ours.tp.toFixed(1)} instances/s${best ? ` = ${(ours.tp / best.tp).toFixed(2)}× the best tuned client (${best.name})` : ''}, `
    + `${ofCeiling.toFixed(2)}× the engine's ceiling, pickup p50 ${ours.p50} ms p99 ${ours.p99} ms, ceiling p99 ${top.p99} ms`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const engine = await startTestEngine();
  try { await benchWorkers(engine as EngineConnection); } finally { await engine.stop(); }
}
