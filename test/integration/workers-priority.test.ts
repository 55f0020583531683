/**
 * `workers.usePriority` on a real engine: tasks of one topic waiting with different `camunda:taskPriority`
 * values, taken one at a time by a worker (maxTasks 1). With the setting on, the highest priority first;
 * off (the default, as in Camunda's REST API), the engine sorts nothing — and the priority order is not
 * what comes out, since the low-priority instances were started first.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorker } from '../../workers/base';
import { success, type HandlerSet } from '../../workers/handler';
import type { WorkerConfig } from '../../common/worker-protocol';
import { eventually } from '../helpers/cli';
import { deploy, startProcess, startTestEngine, uniqueKey, type TestEngine } from '../helpers/workers-engine';

let engine: TestEngine;
beforeAll(async () => { engine = await startTestEngine(); }, 300_000);
afterAll(async () => { await engine?.stop(); });

const prioritized = (key: string, topic: string, priority: number) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_${key}" targetNamespace="http://procos.local/test">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="${topic}" camunda:taskPriority="${priority}"/>
    <bpmn:endEvent id="done"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="done"/>
  </bpmn:process>
</bpmn:definitions>`;

/** Three low-priority then three high-priority tasks waiting; the order one worker takes them in. */
async function takenOrder(usePriority: boolean): Promise<number[]> {
  const topic = uniqueKey('prio_topic');
  const low = uniqueKey('prio_low');
  const high = uniqueKey('prio_high');
  await deploy(engine, low, prioritized(low, topic, 1));
  await deploy(engine, high, prioritized(high, topic, 100));
  const priorityOf = new Map<string, number>();
  for (const [key, priority] of [[low, 1], [low, 1], [low, 1], [high, 100], [high, 100], [high, 100]] as const) {
    priorityOf.set(await startProcess(engine, key), priority);
  }
  const taken: number[] = [];
  const kind: HandlerSet = { kind: 'test', tags: [], handlers: { [topic]: async (ctx) => { taken.push(priorityOf.get(ctx.processInstanceId!)!); return success(); } } };
  const config: WorkerConfig = {
    kind: 'test', engine, ollama: { url: '', defaultModel: '' }, heartbeatMs: 5000, maxTasks: 1, lockDurationMs: 30_000,
    asyncResponseTimeoutMs: 1000, retryBaseMs: 1000, defaultRetries: 3, usePriority,
  };
  const worker = startWorker(kind, config, { emit: () => undefined, log: () => undefined, request: (async () => ({})) as never });
  try {
    await eventually(async () => taken.length === 6, 'the six tasks', 120, 250);
  } finally { await worker.stop(); }
  return taken;
}

it('with workers.usePriority, the highest priority is taken first', async () => {
  expect(await takenOrder(true)).toEqual([100, 100, 100, 1, 1, 1]);
});

it('without it (the default), the engine does not sort by priority', async () => {
  expect(await takenOrder(false)).not.toEqual([100, 100, 100, 1, 1, 1]);
});
