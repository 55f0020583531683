/**
 * Bounded storage on the real engine: a process whose history may be dropped at once (TTL P0D) runs
 * a few hundred times with large variables; history cleanup (triggered as its all-day window would run
 * it) removes every trace, and the engine's H2 maintenance gives the space back while it runs: the file
 * ends within its bound (16 MB) instead of staying at its peak.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { eventually } from '../helpers/cli';
import { engineRest, type EngineCall } from '../helpers/engine-rest';
import { startPrivateStack, type PrivateStack } from '../helpers/private-stack';

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
});

afterAll(async () => {
  if (stack) { const exited = new Promise((ok) => stack.child.once('exit', ok)); stack.child.kill('SIGTERM'); await exited; }
  rmSync(home, { recursive: true, force: true });
});

describe('bounded storage', () => {
  it('the engine cleans history all day long, keeping 30 days by default', async () => {
    const config = await engine<{ batchWindowStartTime: string; batchWindowEndTime: string; enabled: boolean }>('/history/cleanup/configuration');
    expect(config.enabled).toBe(true);
    expect(Date.parse(config.batchWindowEndTime) - Date.parse(config.batchWindowStartTime)).toBe(24 * 3600 * 1000);
    const deployed = await stack.client.deploy({ files: [{ name: 'no_ttl.bpmn', xml: BPMN.replace(' camunda:historyTimeToLive="P0D"', '').replace(KEY, 'storage_no_ttl') }] });
    const [definition] = await engine<{ historyTimeToLive: number }[]>(`/process-definition?key=storage_no_ttl&deploymentId=${deployed.deploymentId}`);
    expect(definition.historyTimeToLive).toBe(30);
  });

  it('removes the history of a TTL P0D process and gives its space in the H2 file back', async () => {
    expect((await stack.client.deploy({ files: [{ name: `${KEY}.bpmn`, xml: BPMN }] })).ok).toBe(true);
    // how long each phase took, printed at the end (pass or fail): the file's time varies with the machine's load
    const began = Date.now();
    const phases: string[] = [];
    const phase = (what: string) => phases.push(`${what} at ${((Date.now() - began) / 1000).toFixed(0)} s (file ${(statSync(h2File).size / MB).toFixed(0)} MB)`);
    onTestFinished(() => console.log(`storage-cleanup: ${phases.join('; ')}`));
    let peak = 0;
    for (let i = 0; i < RUNS; i++) {
      // 40 KB that H2's page compression cannot shrink (the file is written compressed)
      const payload = randomBytes(30_000).toString('base64');
      await stack.client.startInstance({ key: KEY, variables: { payload, n: i } });
      peak = Math.max(peak, statSync(h2File).size);
    }
    // the cleanup job runs all day: some of the history may already be gone
    const count = async () => (await engine<{ count: number }>(`/history/process-instance/count?processDefinitionKey=${KEY}`)).count;
    expect(await count()).toBeGreaterThan(0);
    expect(peak).toBeGreaterThan(30 * MB); // the load made the file grow: else this test proves nothing
    phase(`${RUNS} runs done`);

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
    phase('history cleaned up');

    // the engine's H2 maintenance (every 10 s) compacts a file that is mostly free space, online, down to its bound (the
    // file grows on while the cleanup deletes, and each byte array's data stays until its temporary LOB times out, 30 s)
    await eventually(async () => {
      const size = statSync(h2File).size;
      peak = Math.max(peak, size);
      await askAgain();
      return size <= 16 * MB;
    }, 'the H2 file to give its space back (16 MB at most)', 300, 1000);
    phase(`the file within its bound (peak ${(peak / MB).toFixed(0)} MB)`);
  }, 900_000);
});
