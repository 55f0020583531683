/**
 * Bounded storage on the real engine: a process whose history may be dropped at once (TTL P0D) runs
 * a few hundred times with large variables; history cleanup (triggered as its all-day window would run
 * it) removes every trace, and the engine's H2 maintenance gives the space back while it runs — or, the engine
 * killed before it could, as it starts again: the file ends within its bound (16 MB) instead of staying at its peak.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { eventually } from '../helpers/cli';
import { engineRest, type EngineCall } from '../helpers/engine-rest';
import { startPrivateStack, stopPrivateStack, type PrivateStack } from '../helpers/private-stack';
import { alive } from '../helpers/processes';

const KEY = 'storage_ttl_zero';
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="https://procos.dev/test">
  <bpmn:process id="${KEY}" isExecutable="true" camunda:historyTimeToLive="P0D">
    <bpmn:startEvent id="start"><bpmn:outgoing>f</bpmn:outgoing></bpmn:startEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f" sourceRef="start" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
const MB = 1024 * 1024;
const RUNS = 400;

const home = mkdtempSync(join(tmpdir(), 'procos-storage-'));
const h2File = join(home, 'engine', 'h2', 'procos.mv.db');
let stack: PrivateStack;
let engine: EngineCall;

beforeAll(async () => {
  stack = await startPrivateStack(home);
  engine = (await engineRest(stack.client, home)).call;
  expect((await stack.client.deploy({ files: [{ name: `${KEY}.bpmn`, xml: BPMN }] })).ok).toBe(true);
});

afterAll(async () => {
  await stopPrivateStack(stack);
  rmSync(home, { recursive: true, force: true });
});

/** Records when each phase of a test ended (and the file's size then), printed when the test ends, pass or fail:
 * the file's time varies with the machine's load. */
function phases(label: string) {
  const began = Date.now();
  const ended: string[] = [];
  onTestFinished(() => console.log(`${label}: ${ended.join('; ')}`));
  return (what: string) => ended.push(`${what} at ${((Date.now() - began) / 1000).toFixed(0)} s (file ${(statSync(h2File).size / MB).toFixed(0)} MB)`);
}

const count = async () => (await engine<{ count: number }>(`/history/process-instance/count?processDefinitionKey=${KEY}`)).count;

/** `runs` instances with a 40 KB variable each; the file's peak meanwhile. */
async function load(runs: number): Promise<number> {
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    // 40 KB that H2's page compression cannot shrink (the file is written compressed)
    const payload = randomBytes(30_000).toString('base64');
    await stack.client.startInstance({ key: KEY, variables: { payload, n: i } });
    peak = Math.max(peak, statSync(h2File).size);
  }
  // the cleanup job runs all day: some of the history may already be gone
  expect(await count()).toBeGreaterThan(0);
  expect(peak).toBeGreaterThan(30 * MB); // the load made the file grow: else the test proves nothing
  return peak;
}

/** Has the engine's history cleanup remove the P0D history, variables too; `askAgain` asks once more if 10 s have passed. */
async function cleanUpHistory() {
  // the cleanup removes each table's rows in batches of its own, the next batch after the job's own back-off
  // (minutes, when a batch found less than a full one): asked for again every 10 s here, as a daily window would
  const cleanUp = () => engine('/history/cleanup?immediatelyDue=true', { method: 'POST', body: {} });
  await cleanUp();
  let asked = Date.now();
  const askAgain = async () => { if (Date.now() - asked > 10_000) { asked = Date.now(); await cleanUp(); } };
  // the instances may go before their variables
  const variables = async () => (await engine<{ count: number }>(`/history/variable-instance/count?processDefinitionKey=${KEY}`)).count;
  await eventually(async () => {
    await askAgain();
    return (await count()) === 0 && (await variables()) === 0;
  }, 'the P0D history to be cleaned up, variables too', 600, 500);
  return { askAgain };
}

describe('bounded storage', () => {
  it('the engine cleans history all day long, keeping 30 days by default', async () => {
    const config = await engine<{ batchWindowStartTime: string; batchWindowEndTime: string; enabled: boolean }>('/history/cleanup/configuration');
    expect(config.enabled).toBe(true);
    expect(Date.parse(config.batchWindowEndTime) - Date.parse(config.batchWindowStartTime)).toBe(24 * 3600 * 1000);
    const deployed = await stack.client.deploy({ files: [{ name: 'no_ttl.bpmn', xml: BPMN.replace(' camunda:historyTimeToLive="P0D"', '').replace(KEY, 'storage_no_ttl') }] });
    const [definition] = await engine<{ historyTimeToLive: number }[]>(`/process-definition?key=storage_no_ttl&deploymentId=${deployed.deploymentId}`);
    expect(definition.historyTimeToLive).toBe(30);
  });

  it('removes the history of a TTL P0D process and gives its space in the H2 file back while it runs', async () => {
    const phase = phases('storage-cleanup');
    let peak = await load(RUNS);
    phase(`${RUNS} runs done`);
    const cleanUp = await cleanUpHistory();
    phase('history cleaned up');

    // the engine's H2 maintenance (every 10 s) compacts a file that is mostly free space, online, down to its bound (the
    // file grows on while the cleanup deletes, and each byte array's data stays until its temporary LOB times out, 30 s)
    await eventually(async () => {
      const size = statSync(h2File).size;
      peak = Math.max(peak, size);
      await cleanUp.askAgain();
      return size <= 16 * MB;
    }, 'the H2 file to give its space back (16 MB at most)', 300, 1000);
    phase(`the file within its bound (peak ${(peak / MB).toFixed(0)} MB)`);
  }, 900_000);

  it('an engine killed before it gave the space back online gives it back as it starts again', async () => {
    const phase = phases('storage-cleanup after kill -9');
    await load(RUNS);
    const cleanUp = await cleanUpHistory();
    // at once, while the byte arrays' temporary LOBs still hold their data (30 s) and the cleanup's later batches
    // have byte arrays of the history left to remove: an engine that stops closes its database, which removes the
    // temporary LOBs and compacts; one killed (out of memory, or hung and killed) leaves the file as it was
    const killed = (await stack.client.status()).components.engine.pid!;
    process.kill(killed, 'SIGKILL');
    await eventually(async () => !alive(killed), 'the engine to end', 60, 100);
    const atKill = statSync(h2File).size;
    phase('engine killed');
    expect(atKill).toBeGreaterThan(16 * MB); // what the start has to give back: else this test proves nothing
    // ProcOS starts it again by itself
    await eventually(async () => {
      const { state, pid } = (await stack.client.status()).components.engine;
      return state === 'ready' && pid !== killed;
    }, 'the engine to be started again', 240, 250);
    phase('engine ready again');
    // the whole-file compaction before the engine opened it (its first online round is 10 s after its start) gave
    // most of it back (84-88 MB -> 12 MB, 67 -> 15 MB measured) …
    expect((await stack.client.logs({ name: 'engine' })).join('\n')).toMatch(/H2 maintenance: \d+ MB, mostly free space: compacting it before the engine starts/);
    expect(statSync(h2File).size).toBeLessThan(atKill / 2);
    // … and the rest goes as the cleanup finishes, online
    await eventually(async () => {
      await cleanUp.askAgain();
      return statSync(h2File).size <= 16 * MB;
    }, 'the H2 file to be within its bound (16 MB at most)', 300, 1000);
    phase('the file within its bound');
  }, 900_000);
});
