/**
 * `npm run bench -- monitor`: the instance monitor at 10 000 instances. A private engine (the
 * kernel's Engine service: same jar, flags and config) is seeded through its REST API: half the
 * instances finished, half waiting on an external task, some of those with an incident. Then the
 * calls behind the monitor's views are timed through the kernel's Monitor (what the API serves):
 * the first page of the instance list, the definitions view with counts, one instance in full.
 * Goal: first page ≤ 200 ms median.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../main/kernel/engine';
import { CamundaRest } from '../../main/kernel/camunda-rest';
import { Monitor } from '../../main/kernel/monitor';
import { freePort } from '../../main/kernel/ports';
import type { EngineConnection } from '../../common/worker-protocol';
import { chainProcess } from '../helpers/workers-bpmn';
import { deploy, engineRest } from '../helpers/workers-engine';

const TOTAL = Number(process.env.BENCH_INSTANCES ?? 10_000);
const INCIDENTS = Math.max(1, Math.round(TOTAL / 100));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const PARALLEL = 8;

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };

/** Runs `count` jobs, `PARALLEL` at a time. */
async function inParallel(count: number, job: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: PARALLEL }, async () => { while (next < count) await job(next++); }));
}

async function seed(engine: EngineConnection) {
  const t0 = performance.now();
  await deploy(engine, 'bench_finished', chainProcess('bench_finished', []));
  await deploy(engine, 'bench_waiting', chainProcess('bench_waiting', ['bench_nobody']));
  await deploy(engine, 'bench_failing', chainProcess('bench_failing', ['bench_fails']));
  const finished = Math.floor(TOTAL / 2);
  const waiting = TOTAL - finished - INCIDENTS;
  const plan = [...Array(finished).fill('bench_finished'), ...Array(waiting).fill('bench_waiting'), ...Array(INCIDENTS).fill('bench_failing')];
  let done = 0;
  await inParallel(plan.length, async (i) => {
    await engineRest(engine, 'POST', `/process-definition/key/${plan[i]}/start`, { businessKey: `order-${i}` });
    if (++done % 2000 === 0) console.log(`  seeded ${done}/${plan.length} (${Math.round((performance.now() - t0) / 1000)} s)`);
  });
  // incidents: the failing task fails with no retries left
  const tasks = await engineRest<{ id: string }[]>(engine, 'POST', '/external-task/fetchAndLock',
    { workerId: 'bench', maxTasks: INCIDENTS, topics: [{ topicName: 'bench_fails', lockDuration: 60_000 }] });
  await inParallel(tasks.length, (i) => engineRest(engine, 'POST', `/external-task/${tasks[i].id}/failure`,
    { workerId: 'bench', errorMessage: 'bench: the order service answered 503', retries: 0, retryTimeout: 0 }));
  console.log(`  seeded ${plan.length} instances (${finished} finished, ${waiting} waiting, ${tasks.length} with an incident) in ${Math.round((performance.now() - t0) / 1000)} s`);
}

async function timed(name: string, call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await call(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await call();
    samples.push(performance.now() - t);
  }
  console.log(`| ${name.padEnd(44)} | ${pct(samples, 50).toFixed(0).padStart(6)} ms | ${pct(samples, 99).toFixed(0).padStart(6)} ms |`);
  return samples;
}

export async function benchMonitor() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-monitor-'));
  const service = new Engine(dir, await freePort());
  try {
    await service.supervisor.start();
    const engine = service.connection();
    console.log(`monitor: seeding ${TOTAL} instances through the engine's REST API (${PARALLEL} at a time)`);
    await seed(engine);
    const monitor = new Monitor(new CamundaRest(service.auth, () => service.supervisor));
    const page = await monitor.instances({ firstResult: 0, maxResults: 25, state: 'ALL', includeSystem: false });
    if (page.total < TOTAL) throw new Error(`the list counts ${page.total} instances, expected ${TOTAL}`);
    const incident = await monitor.instances({ firstResult: 0, maxResults: 1, state: 'INCIDENT', includeSystem: false });
    const defs = await monitor.definitions();
    console.log(`  definitions view: ${defs.map((d) => `${d.key} running ${d.running}, completed ${d.completed}, incidents ${d.incidents}`).join('; ')}`);
    console.log(`\n| call (${SAMPLES} samples each, after 3 warm-ups)${' '.repeat(7)} |    p50    |    p99    |`);
    console.log('|----------------------------------------------|----------:|----------:|');
    const first = await timed('instance list, first page (25 of 10 000)', () => monitor.instances({ firstResult: 0, maxResults: 25, state: 'ALL', includeSystem: false }));
    await timed('instance list, page 200', () => monitor.instances({ firstResult: 199 * 25, maxResults: 25, state: 'ALL', includeSystem: false }));
    await timed('instance list, with incidents', () => monitor.instances({ firstResult: 0, maxResults: 25, state: 'INCIDENT', includeSystem: false }));
    const definitions = await timed('definitions view with counts', () => monitor.definitions());
    await timed('one instance in full (with an incident)', () => monitor.instance(incident.items[0].id));
    await timed('one instance in full (finished)', () => monitor.instance(page.items.find((i) => i.state === 'COMPLETED')?.id ?? page.items[0].id));
    console.log(`goal: first page ≤ 200 ms median (${pct(first, 50) <= 200 ? 'met' : 'NOT met'})`);
    console.log(`monitor: ${TOTAL} instances, first page p50 ${pct(first, 50).toFixed(0)} ms p99 ${pct(first, 99).toFixed(0)} ms, definitions p50 ${pct(definitions, 50).toFixed(0)} ms`);
  } finally {
    await service.supervisor.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
