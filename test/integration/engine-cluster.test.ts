/**
 * Outgrowing one machine, for real: a private PostgreSQL, two engine nodes A and B from the bundled jar
 * on it (Camunda's own clustering: one database, a job executor per node). First a `procos worker` that
 * polls both nodes; then a second ProcOS in remote mode against both nodes (engine.urls), with no engine
 * of its own, that loses node A and goes on against B.
 * One shared setup (engine boots are the cost); every server is private, on loopback, stopped after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../common/http-client';
import { Engine } from '../../main/kernel/engine';
import { freePort } from '../../main/kernel/ports';
import { checkRemoteEngine, RemoteEngine } from '../../main/kernel/remote-engine';
import { eventually, procos } from '../helpers/cli';
import { startEngineCluster, type EngineCluster, type EngineNode } from '../helpers/engine-cluster';
import { chainProcess } from '../helpers/workers-bpmn';
import { deploy, engineRest, engineTime, startProcess, uniqueKey } from '../helpers/workers-engine';

const root = resolve(import.meta.dirname, '..', '..');
let cluster: EngineCluster;
let a: EngineNode;
let b: EngineNode;

beforeAll(async () => {
  cluster = await startEngineCluster(2);
  [a, b] = cluster.nodes;
}, 900_000);

afterAll(async () => { await cluster?.stop(); }, 120_000);

const validationChain = (key: string) => chainProcess(key, ['input_validation', 'input_validation'], { inputs: { 0: { required_fields: 'order' } } });

interface TaskLog { externalTaskId: string; processInstanceId: string; workerId: string; timestamp: string; creationLog: boolean; successLog: boolean }

/** Per completed task of `key`: which worker completed it, and ms from its creation to its completion (the engine's log, one clock). */
async function pickups(key: string) {
  const log = await engineRest<TaskLog[]>(b, 'GET', `/history/external-task-log?processDefinitionKey=${key}&maxResults=1000`);
  const created = new Map(log.filter((l) => l.creationLog).map((l) => [l.externalTaskId, engineTime(l.timestamp)]));
  return log.filter((l) => l.successLog)
    .map((l) => ({ workerId: l.workerId, instanceId: l.processInstanceId, ms: engineTime(l.timestamp) - created.get(l.externalTaskId)! }));
}

const completed = async (key: string) =>
  (await engineRest<{ count: number }>(b, 'GET', `/history/process-instance/count?processDefinitionKey=${key}&completed=true`)).count;

describe('`procos worker --engine B --engine A`: a long poll on each node', () => {
  let worker: ChildProcess;
  let output = '';
  beforeAll(async () => {
    worker = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'worker', '--engine', b.url, '--engine', a.url,
      '--user', b.user, '--password', b.password, '--topics', 'input_validation'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stdout!.on('data', (d) => { output += d; });
    worker.stderr!.on('data', (d) => { output += d; });
    await eventually(async () => /polling \S+, \S+ for input_validation/.test(output), 'the worker to poll both nodes', 240, 250);
  }, 120_000);
  afterAll(async () => {
    if (worker?.exitCode !== null) return;
    const exited = new Promise((ok) => worker.once('exit', ok));
    worker.kill('SIGTERM');
    await exited;
  });

  it('picks up a task created on node A within a second, though it polls node B first', async () => {
    const key = uniqueKey('cluster_pickup');
    await deploy(a, key, validationChain(key));
    const ended = async (id: string) => (await engineRest<{ state: string }>(a, 'GET', `/history/process-instance/${id}`)).state === 'COMPLETED';
    const warmUp = await startProcess(a, key, { order: -1 }); // the first run through a fresh worker and node: not counted
    await eventually(() => ended(warmUp), 'the warm-up instance to end', 120, 100);
    const counted = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const id = await startProcess(a, key, { order: i }); // its first task is created on A
      counted.add(id);
      await eventually(() => ended(id), `instance ${i} to end`, 120, 100);
    }
    const done = (await pickups(key)).filter((d) => counted.has(d.instanceId));
    expect(done, output).toHaveLength(10);
    expect(new Set(done.map((d) => d.workerId))).toEqual(new Set([`procos-standalone-${worker.pid}`]));
    // a poll held only on B would hear of A's tasks when it times out (10 s): each one here took less than a second
    expect(done.map((d) => d.ms).filter((ms) => ms >= 1000), `pickups: ${done.map((d) => d.ms).join(', ')} ms`).toEqual([]);
  });

  it('completes instances started through both nodes, each task exactly once', async () => {
    const key = uniqueKey('cluster_both');
    await deploy(a, key, validationChain(key));
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) ids.push(await startProcess(i % 2 ? b : a, key, { order: i }));
    await eventually(async () => (await completed(key)) === ids.length, `all ${ids.length} instances to complete`);
    const done = await pickups(key);
    expect(done).toHaveLength(ids.length * 2);
    expect(new Set(done.map((d) => d.workerId))).toEqual(new Set([`procos-standalone-${worker.pid}`]));
  });
});

/** pids of `java … camunda-run.jar` processes below `pid` */
function enginesBelow(pid: number): number[] {
  const parent = new Map<number, number>();
  const jars: number[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('camunda-run.jar')) jars.push(Number(entry));
    } catch { /* gone */ }
  }
  return jars.filter((p) => { for (let q = parent.get(p); q; q = parent.get(q)) if (q === pid) return true; return false; });
}

describe('ProcOS in remote mode against the cluster (engine.urls A, B)', () => {
  let home: string;
  let kernel: ChildProcess | undefined;
  let kernelOutput = '';
  let client: ReturnType<typeof createHttpClient>;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'procos-remote-'));
    kernel = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'start', '--headless', '--port', '0'], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env, PROCOS_HOME: home, PROCOS_HEARTBEAT_MS: '1000',
        PROCOS_ENGINE_URLS: `${a.url},${b.url}`, PROCOS_ENGINE_USER: a.user, PROCOS_ENGINE_PASSWORD: a.password,
        PROCOS_OLLAMA_URL: `http://127.0.0.1:${await freePort()}`, // its own Ollama, not the test stack's
      },
    });
    await new Promise<void>((ok, fail) => {
      const onData = (d: Buffer) => { kernelOutput += d; if (/ProcOS ready at/.test(kernelOutput)) ok(); };
      kernel!.stdout!.on('data', onData);
      kernel!.stderr!.on('data', onData);
      kernel!.once('exit', (code) => fail(new Error(`procos start (remote mode) exited with ${code}:\n${kernelOutput}`)));
    });
    const rt = JSON.parse(readFileSync(join(home, 'runtime.json'), 'utf8'));
    client = createHttpClient({ baseUrl: rt.apiBase, token: rt.token });
  }, 900_000);

  afterAll(async () => {
    if (kernel && kernel.exitCode === null) {
      const exited = new Promise((ok) => kernel!.once('exit', ok));
      kernel.kill('SIGTERM');
      await exited;
    }
    if (home) rmSync(home, { recursive: true, force: true });
  }, 120_000);

  it('starts no engine: status names the remote cluster, Java and the database are not used', async () => {
    const status = await eventually(async () => {
      const { code, stdout } = await procos(['status', '--json'], home);
      return code === 0 && JSON.parse(stdout);
    }, 'procos status to say ready');
    expect(status.ready).toBe(true);
    expect(status.components.engine).toMatchObject({ state: 'ready', mode: 'remote', url: a.url,
      detail: `remote engine cluster of 2 nodes, calls go to ${a.url} (Camunda 7.24.0); every node answers, user admin` });
    expect(status.components.engine.pid).toBeUndefined();
    expect(status.components.java).toMatchObject({ state: 'ready', detail: expect.stringMatching(/not used: remote engine/) });
    expect(status.components.database).toMatchObject({ state: 'ready', detail: expect.stringMatching(/not used: remote engine/) });
    expect(enginesBelow(kernel!.pid!)).toEqual([]);
  });

  it('node B is the embedded engine on PostgreSQL (engine.database): the kernel Engine service names its database', () => {
    expect(b.supervisor.info()).toMatchObject({ state: 'ready', detail: expect.stringMatching(new RegExp(`PostgreSQL database procos at 127.0.0.1:${cluster.postgres.port} \\(user postgres\\)`)) });
    expect(b.supervisor.info().detail).not.toContain(cluster.postgres.password);
  });

  it('deploys, runs and monitors through the cluster; both nodes see the same deployment (one database)', async () => {
    const key = uniqueKey('cluster_run');
    const dir = mkdtempSync(join(tmpdir(), 'procos-cluster-bpmn-'));
    try {
      const file = join(dir, `${key}.bpmn`);
      writeFileSync(file, validationChain(key));
      const deployed = await procos(['deploy', file, '--json'], home);
      expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
      expect(JSON.parse(deployed.stdout)).toMatchObject({ ok: true, processes: [{ key, version: 1 }] });
    } finally { rmSync(dir, { recursive: true, force: true }); }
    const onB = await engineRest<{ key: string }>(b, 'GET', `/process-definition/key/${key}`);
    expect(onB.key).toBe(key);

    const run = await procos(['run', key, '--var', 'order=42', '--wait', '--timeout', '120', '--json'], home);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const ended = JSON.parse(run.stdout);
    expect(ended).toMatchObject({ state: 'COMPLETED', variables: { order: 42, validation_passed: true } });

    const listed = await client.instances({ definitionKey: key, state: 'COMPLETED' });
    expect(listed.items.map((i) => i.id)).toContain(ended.id);
    const detail = await client.instance({ id: ended.id });
    expect(detail.activities.map((s) => s.activityId)).toEqual(expect.arrayContaining(['task0', 'task1', 'done']));
  });

  it('its workers take tasks created on either node', async () => {
    const key = uniqueKey('cluster_kernel_workers');
    await client.deploy({ files: [{ name: `${key}.bpmn`, xml: validationChain(key) }] });
    for (let i = 0; i < 8; i++) await startProcess(i % 2 ? b : a, key, { order: i });
    await eventually(async () => (await completed(key)) === 8, 'all 8 instances to complete');
    const byWorker = new Set((await pickups(key)).map((d) => d.workerId));
    expect([...byWorker]).toEqual([expect.stringMatching(/^procos-generic-\d+$/)]);
  });

  it('loses node A: within 10 s status names it, and monitor, workers and runs go on against node B without a restart', async () => {
    const before = await client.status();
    a.kill9();
    // the goal: failover within 10 s (50 checks, 200 ms apart)
    const engine = await eventually(async () => {
      const { components } = await client.status();
      return components.engine.state === 'ready' && components.engine.url === b.url && components.engine;
    }, 'status to move to node B', 50, 200);
    expect(engine.detail).toMatch(new RegExp(`calls go to ${b.url} .*; node down: ${a.url} \\(.*unreachable`));
    const key = uniqueKey('cluster_failover');
    await client.deploy({ files: [{ name: `${key}.bpmn`, xml: validationChain(key) }] });
    const run = await procos(['run', key, '--var', 'order=1', '--wait', '--timeout', '120', '--json'], home);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const ended = JSON.parse(run.stdout);
    expect(ended).toMatchObject({ state: 'COMPLETED' });
    expect((await client.instances({ definitionKey: key })).items.map((i) => i.id)).toEqual([ended.id]);
    const after = await client.status();
    for (const name of ['engine', 'worker:generic', 'worker:system', 'worker:ai']) {
      expect(after.components[name], name).toMatchObject({ state: 'ready', restarts: before.components[name].restarts });
    }
    // node A comes back: status says so, and it is used again when B fails (not before)
    await a.restart();
    await eventually(async () => /every node answers/.test((await client.status()).components.engine.detail), 'status to see node A again', 120, 500);
    expect((await client.status()).components.engine.url).toBe(b.url);
  });
});

describe('bad engine settings: a clear reason each, retried', () => {
  let plain: Server;
  let plainUrl: string;
  beforeAll(async () => {
    plain = createServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end('<html>a web server, not Camunda</html>'); });
    await new Promise<void>((ok) => plain.listen(0, '127.0.0.1', ok));
    plainUrl = `http://127.0.0.1:${(plain.address() as { port: number }).port}/engine-rest`;
  });
  afterAll(() => { plain?.close(); });

  it('wrong credentials (401), not a Camunda engine, a wrong path, nothing listening', async () => {
    expect(await checkRemoteEngine({ url: b.url, user: b.user, password: b.password })).toMatchObject({ ok: true, version: '7.24.0' });
    expect(await checkRemoteEngine({ url: b.url, user: b.user, password: 'wrong' }))
      .toMatchObject({ ok: false, reason: expect.stringMatching(/refused the credentials of user "admin" \(HTTP 401\)/) });
    expect(await checkRemoteEngine({ url: plainUrl, user: 'admin', password: 'x' }))
      .toMatchObject({ ok: false, reason: expect.stringMatching(/is not a Camunda 7 REST API \(GET \/engine did not answer JSON\)/) });
    expect(await checkRemoteEngine({ url: b.url.replace('/engine-rest', ''), user: b.user, password: b.password }))
      .toMatchObject({ ok: false, reason: expect.stringMatching(/is not a Camunda 7 REST API \(GET \/engine answered HTTP 404\)/) });
    const closed = `http://127.0.0.1:${await freePort()}/engine-rest`;
    expect(await checkRemoteEngine({ url: closed, user: 'admin', password: 'x' }))
      .toMatchObject({ ok: false, reason: expect.stringMatching(/is unreachable \(ECONNREFUSED\)/) });
    expect(() => new RemoteEngine({ url: 'ftp://example/engine-rest' })).toThrow(/must be an http\(s\) URL/);
  });

  it('the engine component keeps retrying with backoff and says why, never ready on a refusal', async () => {
    const remote = new RemoteEngine({ url: b.url, user: b.user, password: 'wrong' });
    const states: string[] = [];
    remote.supervisor.on('state', (info) => states.push(`${info.state}: ${info.detail}`));
    void remote.supervisor.start().catch(() => undefined);
    try {
      await eventually(async () => remote.supervisor.restarts >= 2, 'two retries', 120, 500);
      expect(remote.supervisor.state).not.toBe('ready');
      // while it waits to retry, and while it retries, the detail says why
      await eventually(async () => /refused the credentials .*; restarting in \d/.test(remote.supervisor.info().detail ?? ''), 'the reason and the next retry', 120, 100);
      expect(states.filter((s) => s.startsWith('starting: restarting (attempt')).every((s) => /last time: .*refused the credentials/.test(s))).toBe(true);
      expect(states.some((s) => s.startsWith('ready'))).toBe(false);
    } finally { await remote.supervisor.stop(); }
  });

  it('an embedded engine on a PostgreSQL that is down: a clear reason at once, no engine started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procos-pg-down-'));
    const port = await freePort();
    const engine = new Engine(dir, await freePort(), { database: `postgres://procos:secret@127.0.0.1:${port}/procos` });
    try {
      await expect(engine.supervisor.start()).rejects.toThrow(new RegExp(`PostgreSQL at 127.0.0.1:${port} is not reachable`));
      expect(engine.supervisor.pid).toBeUndefined();
      expect(engine.supervisor.info().detail).not.toContain('secret');
    } finally {
      await engine.supervisor.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
