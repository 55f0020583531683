/**
 * `npm run bench -- tasks`: the Tasks view at 10 000 open user tasks. A private engine (the kernel's
 * Engine service: same jar, flags and config) is seeded through its REST API (a parent with a
 * multi-instance call activity, 250 instances per call, each waiting at a user task with a generated
 * form; one in ten assigned to the bench's user). Then the calls behind the view are timed through the
 * kernel's TaskService (what the API serves): the first page with its counts, the "mine" page, a text
 * search, one task with its form, and completing a task (its form checked first). Anchor: the engine's
 * own query for the same page, in the same run. Goal: first page ≤ 100 ms median.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../main/kernel/engine';
import { CamundaRest } from '../../main/kernel/camunda-rest';
import { TaskService } from '../../main/kernel/tasks/service';
import { freePort } from '../../main/kernel/ports';
import { deploy, engineRest } from '../helpers/workers-engine';
import { inParallel as inParallelOf, pct, timed as timedCall } from './timing';

const TOTAL = Number(process.env.BENCH_TASKS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const PARALLEL = 4;
const BATCH = 250;
const USER = 'bench-user';
const inParallel = (count: number, job: (i: number) => Promise<unknown>) => inParallelOf(count, job, PARALLEL);


const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"';

/** One person's step with a generated form; one instance in ten is assigned to the bench's user. */
const approval = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs_bench_approval" targetNamespace="http://procos.local/bench">
  <bpmn:process id="bench_approval" name="Approval" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:userTask id="approve" name="Approve order" camunda:assignee="\${loopCounter % 10 == 0 ? '${USER}' : null}">
      <bpmn:extensionElements><camunda:formData>
        <camunda:formField id="approved" label="Approved" type="boolean"/>
        <camunda:formField id="amount" label="Amount" type="long"><camunda:validation><camunda:constraint name="required"/><camunda:constraint name="max" config="1000"/></camunda:validation></camunda:formField>
      </camunda:formData></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="done"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="done"/>
  </bpmn:process>
</bpmn:definitions>`;

/** A parent that starts `n` approvals at once, each with its own business key and loop counter. */
const fanOut = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs_bench_orders" targetNamespace="http://procos.local/bench">
  <bpmn:process id="bench_orders" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:callActivity id="each" calledElement="bench_approval">
      <bpmn:extensionElements>
        <camunda:in businessKey="\${execution.processBusinessKey}-\${loopCounter}"/>
        <camunda:in source="loopCounter" target="loopCounter"/>
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>\${n}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
    </bpmn:callActivity>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="g1" sourceRef="start" targetRef="each"/>
    <bpmn:sequenceFlow id="g2" sourceRef="each" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>`;

const timed = (name: string, call: (i: number) => Promise<unknown>) => timedCall(name, call, SAMPLES);

export async function benchTasks() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tasks-'));
  const service = new Engine(dir, await freePort());
  try {
    await service.supervisor.start();
    const engine = service.connection();
    console.log(`tasks: seeding ${TOTAL} open user tasks through the engine's REST API (${BATCH} per call, ${PARALLEL} calls at a time)`);
    const t0 = performance.now();
    await deploy(engine, 'bench_approval', approval);
    await deploy(engine, 'bench_orders', fanOut);
    const batches: number[] = [];
    for (let left = TOTAL; left > 0; left -= BATCH) batches.push(Math.min(BATCH, left));
    await inParallel(batches.length, (i) => engineRest(engine, 'POST', '/process-definition/key/bench_orders/start',
      { businessKey: `order-${i}`, variables: { n: { value: batches[i], type: 'Integer' } } }));
    console.log(`  seeded in ${Math.round((performance.now() - t0) / 1000)} s`);

    const tasks = new TaskService({ rest: new CamundaRest(service.auth, () => service.supervisor), user: () => USER, publish: () => undefined });
    const first = await tasks.list({ filter: 'all', firstResult: 0, maxResults: 25 });
    if (first.total < TOTAL) throw new Error(`the list counts ${first.total} open tasks, expected ${TOTAL}`);
    console.log(`  counts: mine ${first.counts.mine}, unassigned ${first.counts.unassigned}, all ${first.counts.all}`);
    console.log(`\n| call (${SAMPLES} samples each, after 3 warm-ups)${' '.repeat(7)} |    p50    |    p99    |`);
    console.log('|----------------------------------------------|----------:|----------:|');
    const page = await timed('first page (25 of 10 000) with 3 counts', () => tasks.list({ filter: 'all', firstResult: 0, maxResults: 25 }));
    await timed('page 200', () => tasks.list({ filter: 'all', firstResult: 199 * 25, maxResults: 25 }));
    await timed('mine, first page', () => tasks.list({ filter: 'mine', firstResult: 0, maxResults: 25 }));
    await timed('text search (a business key)', () => tasks.list({ filter: 'all', text: 'order-7-1', firstResult: 0, maxResults: 25 }));
    await timed('one task with its form and variables', () => tasks.get(first.items[0].id));
    const toComplete = (await tasks.list({ filter: 'unassigned', firstResult: 100, maxResults: SAMPLES + 3 })).items;
    const complete = await timed('complete (form checked, submitted)', (i) => tasks.complete(toComplete[i < 0 ? SAMPLES - 1 - i : i].id, { approved: true, amount: 10 })); // warm-ups -1..-3 take the last three
    const anchor = await timed('  engine alone: POST /task, newest 25', () => engineRest(engine, 'POST', '/task?firstResult=0&maxResults=25',
      { sorting: [{ sortBy: 'created', sortOrder: 'desc' }] }));
    await timed('  engine alone: the same, id as second key', () => engineRest(engine, 'POST', '/task?firstResult=0&maxResults=25',
      { sorting: [{ sortBy: 'created', sortOrder: 'desc' }, { sortBy: 'id', sortOrder: 'desc' }] }));
    await timed('  engine alone: POST /task/count', () => engineRest(engine, 'POST', '/task/count', {}));
    await timed('  engine alone: count unassigned', () => engineRest(engine, 'POST', '/task/count', { unassigned: true }));
    await timed('  engine alone: count mine', () => engineRest(engine, 'POST', '/task/count', { assignee: USER }));
    await timed('  engine alone: business keys of the 25', () => engineRest(engine, 'POST', '/process-instance?maxResults=25',
      { processInstanceIds: first.items.map((t) => t.instanceId) }));
    const ratio = pct(page, 50) / Math.max(1, pct(anchor, 50));
    console.log(`first page is ${ratio.toFixed(1)}× the engine's own page query (the anchor) in this run`);
    console.log(`goal: first page ≤ 100 ms median (${pct(page, 50) <= 100 ? 'met' : 'NOT met'})`);
    console.log(`tasks: ${TOTAL} open, first page p50 ${pct(page, 50).toFixed(0)} ms p99 ${pct(page, 99).toFixed(0)} ms, complete p50 ${pct(complete, 50).toFixed(0)} ms`);
  } finally {
    await service.supervisor.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
