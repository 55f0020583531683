/**
 * `npm run bench -- monitor`: the instance monitor at 10 000 instances. A private engine (the
 * kernel's Engine service: same jar, flags and config) is seeded through its REST API (parents with a
 * multi-instance call activity, 250 instances per call): half the instances finished, half waiting on
 * an external task, 1 % failed with an incident. Then the
 * calls behind the monitor's views are timed through the kernel's Monitor (what the API serves):
 * the first page of the instance list, the definitions view with counts, one instance in full.
 * Goal: first page ≤ 200 ms median at 10 000; at 100 000 (BENCH_MONITOR_N=100000) first page ≤ 100 ms and the
 * definitions view ≤ 150 ms median.
 * The engine runs in a ProcOS data dir kept after the run (monitorDataDir: the startup bench starts ProcOS on
 * it); the next run with the same N reuses it while it still holds the N instances, instead of seeding again.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../main/kernel/engine';
import { cacheDir } from '../../main/kernel/paths';
import { CamundaRest } from '../../main/kernel/camunda-rest';
import { Monitor } from '../../main/kernel/monitor';
import { freePort } from '../../main/kernel/ports';
import type { EngineConnection } from '../../common/worker-protocol';
import { chainProcess } from '../helpers/workers-bpmn';
import { deploy, engineRest } from '../helpers/workers-engine';
import { inParallel as inParallelOf, pct, timed as timedCall } from './timing';

const TOTAL = Number(process.env.BENCH_MONITOR_N ?? process.env.BENCH_INSTANCES ?? 10_000);
const INCIDENTS = Math.max(1, Math.round(TOTAL / 100));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const PARALLEL = 4;
/** instances per REST call while seeding: a parent and its multi-instance children */
const BATCH = 250;

const inParallel = (count: number, job: (i: number) => Promise<unknown>) => inParallelOf(count, job, PARALLEL);

/** A parent that starts `n` instances of `child` at once (a parallel multi-instance call activity). */
function fanOut(key: string, child: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_${key}" targetNamespace="http://procos.local/bench">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:callActivity id="each" calledElement="${child}">
      <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>\${n}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
    </bpmn:callActivity>
    <bpmn:endEvent id="done" name="Done"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="each"/>
    <bpmn:sequenceFlow id="f2" sourceRef="each" targetRef="done"/>
  </bpmn:process>
</bpmn:definitions>`;
}

/** Starts `total` instances of `child` in batches: each batch is one parent (itself an instance) with batch − 1 children. */
async function seedThrough(engine: EngineConnection, parent: string, total: number) {
  const batches: number[] = [];
  for (let left = total; left > 0; left -= BATCH) batches.push(Math.min(BATCH, left));
  await inParallel(batches.length, (i) => engineRest(engine, 'POST', `/process-definition/key/${parent}/start`,
    { businessKey: `batch-${parent}-${i}`, variables: { n: { value: batches[i] - 1, type: 'Integer' } } }));
}

/** Seeds through the REST API: half the instances finished, half waiting on an external task, INCIDENTS of those failed. */
async function seed(engine: EngineConnection) {
  const t0 = performance.now();
  await deploy(engine, 'bench_finished', chainProcess('bench_finished', []));
  await deploy(engine, 'bench_waiting', chainProcess('bench_waiting', ['bench_nobody']));
  await deploy(engine, 'bench_failing', chainProcess('bench_failing', ['bench_fails']));
  await deploy(engine, 'bench_many_finished', fanOut('bench_many_finished', 'bench_finished'));
  await deploy(engine, 'bench_many_waiting', fanOut('bench_many_waiting', 'bench_waiting'));
  const finished = Math.floor(TOTAL / 2);
  const waiting = TOTAL - finished - INCIDENTS;
  await seedThrough(engine, 'bench_many_finished', finished);
  console.log(`  seeded ${finished} finished instances (${Math.round((performance.now() - t0) / 1000)} s)`);
  await seedThrough(engine, 'bench_many_waiting', waiting);
  console.log(`  seeded ${waiting} waiting instances (${Math.round((performance.now() - t0) / 1000)} s)`);
  await inParallel(INCIDENTS, (i) => engineRest(engine, 'POST', '/process-definition/key/bench_failing/start', { businessKey: `order-${i}` }));
  // incidents: the failing task fails with no retries left
  const tasks = await engineRest<{ id: string }[]>(engine, 'POST', '/external-task/fetchAndLock',
    { workerId: 'bench', maxTasks: INCIDENTS, topics: [{ topicName: 'bench_fails', lockDuration: 60_000 }] });
  await inParallel(tasks.length, (i) => engineRest(engine, 'POST', `/external-task/${tasks[i].id}/failure`,
    { workerId: 'bench', errorMessage: 'bench: the order service answered 503', retries: 0, retryTimeout: 0 }));
  console.log(`  seeded ${TOTAL} instances (${finished} finished, ${waiting} waiting, ${tasks.length} of them with an incident) in ${Math.round((performance.now() - t0) / 1000)} s`);
}

const timed = (name: string, call: () => Promise<unknown>) => timedCall(name, call, SAMPLES);

/** The data dir the monitor bench leaves for `n` instances (BENCH_DATA_DIR moves it). */
export function monitorDataDir(n: number) {
  return join(process.env.BENCH_DATA_DIR ?? join(cacheDir(), 'bench'), `monitor-${n}`);
}
/** written once the data dir holds its `n` instances */
const seededFile = (dir: string) => join(dir, 'bench-seeded.json');

/** Whether the kept data dir still holds what was seeded (history cleanup may have removed some since). */
async function stillSeeded(monitor: Monitor): Promise<boolean> {
  const all = await monitor.instances({ firstResult: 0, maxResults: 1, state: 'ALL', includeSystem: false });
  const incidents = await monitor.instances({ firstResult: 0, maxResults: 1, state: 'INCIDENT', includeSystem: false });
  return all.total === TOTAL && incidents.total === INCIDENTS;
}

export async function benchMonitor() {
  const dir = monitorDataDir(TOTAL);
  let reused = existsSync(seededFile(dir));
  if (!reused) rmSync(dir, { recursive: true, force: true });
  let service = new Engine(dir, await freePort());
  try {
    await service.supervisor.start();
    let monitor = new Monitor(new CamundaRest(service.auth, () => service.supervisor));
    if (reused && !(await stillSeeded(monitor))) {
      console.log(`monitor: ${dir} no longer holds the ${TOTAL} instances seeded ${readFileSync(seededFile(dir), 'utf8').trim()}: seeding again`);
      await service.supervisor.stop();
      rmSync(dir, { recursive: true, force: true });
      service = new Engine(dir, await freePort());
      await service.supervisor.start();
      monitor = new Monitor(new CamundaRest(service.auth, () => service.supervisor));
      reused = false;
    }
    const engine = service.connection();
    if (reused) {
      console.log(`monitor: reusing ${dir}, seeded ${readFileSync(seededFile(dir), 'utf8').trim()} (delete it to seed again)`);
    } else {
      console.log(`monitor: seeding ${TOTAL} instances through the engine's REST API (${BATCH} per call, ${PARALLEL} calls at a time) into ${dir}`);
      await seed(engine);
      writeFileSync(seededFile(dir), JSON.stringify({ at: new Date().toISOString(), instances: TOTAL }));
    }
    const page = await monitor.instances({ firstResult: 0, maxResults: 25, state: 'ALL', includeSystem: false });
    if (page.total < TOTAL) throw new Error(`the list counts ${page.total} instances, expected ${TOTAL}`);
    const incident = await monitor.instances({ firstResult: 0, maxResults: 1, state: 'INCIDENT', includeSystem: false });
    const completed = await monitor.instances({ firstResult: 0, maxResults: 1, state: 'COMPLETED', includeSystem: false });
    const defs = await monitor.definitions();
    console.log(`  definitions view: ${defs.map((d) => `${d.key} running ${d.running}, completed ${d.completed}, incidents ${d.incidents}`).join('; ')}`);
    console.log(`\n| call (${SAMPLES} samples each, after 3 warm-ups)${' '.repeat(7)} |    p50    |    p99    |`);
    console.log('|----------------------------------------------|----------:|----------:|');
    const first = await timed(`instance list, first page (25 of ${TOTAL.toLocaleString('en')})`, () => monitor.instances({ firstResult: 0, maxResults: 25, state: 'ALL', includeSystem: false }));
    await timed('instance list, page 200', () => monitor.instances({ firstResult: 199 * 25, maxResults: 25, state: 'ALL', includeSystem: false }));
    await timed('instance list, with incidents', () => monitor.instances({ firstResult: 0, maxResults: 25, state: 'INCIDENT', includeSystem: false }));
    const definitions = await timed('definitions view with counts', () => monitor.definitions());
    await timed('one instance in full (with an incident)', () => monitor.instance(incident.items[0].id));
    await timed('one instance in full (finished)', () => monitor.instance(completed.items[0].id));
    // the engine calls behind the first page, one by one (where its time goes)
    const rest = (path: string, body: unknown) => engineRest(engine, 'POST', path, body);
    const notSystem = { processDefinitionKeyNotIn: ['procos_system'] };
    const byStart = { sorting: [{ sortBy: 'startTime', sortOrder: 'desc' }] };
    const ids = page.items.map((i) => i.id);
    await timed('  engine: page of 25, newest first', () => rest('/history/process-instance?firstResult=0&maxResults=25', { ...notSystem, ...byStart }));
    await timed('  engine: the same without the system filter', () => rest('/history/process-instance?firstResult=0&maxResults=25', byStart));
    const userKeys = { processDefinitionKeyIn: defs.filter((d) => !d.system).map((d) => d.key) };
    await timed('  engine: the same, user keys listed instead', () => rest('/history/process-instance?firstResult=0&maxResults=25', { ...userKeys, ...byStart }));
    await timed('  engine: count', () => rest('/history/process-instance/count', notSystem));
    await timed('  engine: count, user keys listed instead', () => rest('/history/process-instance/count', userKeys));
    await timed('  engine: count without the system filter', () => rest('/history/process-instance/count', {}));
    await timed('  engine: which of the 25 have incidents', () => rest('/history/process-instance', { processInstanceIds: ids, withIncidents: true }));
    const goal = TOTAL >= 100_000 ? { first: 100, definitions: 150 } : { first: 200, definitions: Infinity };
    const met = pct(first, 50) <= goal.first && pct(definitions, 50) <= goal.definitions;
    console.log(`goal: first page ≤ ${goal.first} ms median${goal.definitions < Infinity ? `, definitions ≤ ${goal.definitions} ms median` : ''} (${met ? 'met' : 'NOT met'})`);
    console.log(`monitor: ${TOTAL} instances, first page p50 ${pct(first, 50).toFixed(0)} ms p99 ${pct(first, 99).toFixed(0)} ms, definitions p50 ${pct(definitions, 50).toFixed(0)} ms`);
  } finally {
    await service.supervisor.stop();
    console.log(`monitor: data dir kept at ${dir} (\`npm run bench -- startup\` starts ProcOS on it)`);
  }
}
