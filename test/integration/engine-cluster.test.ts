/**
 * Outgrowing one machine, for real: a private PostgreSQL, two engine nodes A and B from the bundled jar
 * on it (Camunda's own clustering: one database, a job executor per node), a second ProcOS in remote
 * mode against node A with no engine of its own, and `procos worker` processes against node B.
 * One shared setup (engine boots are the cost); every server is private, on loopback, stopped after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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
import { engineRest, startProcess, uniqueKey } from '../helpers/workers-engine';

const root = resolve(import.meta.dirname, '..', '..');
let cluster: EngineCluster;
let a: EngineNode;
let b: EngineNode;
let home: string;
let kernel: ChildProcess | undefined;
let kernelOutput = '';
let client: ReturnType<typeof createHttpClient>;
const workers: ChildProcess[] = [];
let workerOutput = '';

function startWorker(node: EngineNode) {
  const child = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'worker', '--engine', node.url, '--user', node.user, '--password', node.password,
    '--topics', 'input_validation'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => { workerOutput += d; });
  child.stderr!.on('data', (d) => { workerOutput += d; });
  workers.push(child);
  return child;
}

beforeAll(async () => {
  cluster = await startEngineCluster(2);
  [a, b] = cluster.nodes;
  home = mkdtempSync(join(tmpdir(), 'procos-remote-'));
  kernel = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'start', '--headless', '--port', '0'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, PROCOS_HOME: home, PROCOS_HEARTBEAT_MS: '1000',
      PROCOS_ENGINE_URL: a.url, PROCOS_ENGINE_USER: a.user, PROCOS_ENGINE_PASSWORD: a.password,
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
  startWorker(b);
}, 900_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGTERM');
  if (kernel && kernel.exitCode === null) {
    const exited = new Promise((ok) => kernel!.once('exit', ok));
    kernel.kill('SIGTERM');
    await exited;
  }
  await cluster?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
}, 120_000);

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

const validationChain = (key: string) => chainProcess(key, ['input_validation', 'input_validation'], { inputs: { 0: { required_fields: 'order' } } });

describe('ProcOS in remote mode against node A', () => {
  it('starts no engine: status names the remote engine, Java and the database are not used', async () => {
    const status = await eventually(async () => {
      const { code, stdout } = await procos(['status', '--json'], home);
      return code === 0 && JSON.parse(stdout);
    }, 'procos status to say ready');
    expect(status.ready).toBe(true);
    expect(status.components.engine).toMatchObject({ state: 'ready', mode: 'remote', url: a.url });
    expect(status.components.engine.pid).toBeUndefined();
    expect(status.components.java).toMatchObject({ state: 'ready', detail: expect.stringMatching(/not used: remote engine/) });
    expect(status.components.database).toMatchObject({ state: 'ready', detail: expect.stringMatching(/not used: remote engine/) });
    expect(enginesBelow(kernel!.pid!)).toEqual([]);
  });

  it('node B is the embedded engine on PostgreSQL (engine.database): the kernel Engine service names its database', () => {
    expect(b.supervisor.info()).toMatchObject({ state: 'ready', detail: expect.stringMatching(new RegExp(`PostgreSQL database procos at 127.0.0.1:${cluster.postgres.port} \\(user postgres\\)`)) });
    expect(b.supervisor.info().detail).not.toContain(cluster.postgres.password);
  });

  it('deploys, runs and monitors through node A; node B sees the same deployment (one database)', async () => {
    const key = uniqueKey('cluster_run');
    const dir = mkdtempSync(join(tmpdir(), 'procos-cluster-bpmn-'));
    try {
      const file = join(dir, `${key}.bpmn`);
      (await import('node:fs')).writeFileSync(file, validationChain(key));
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

  // Long polling is per node: a worker waiting on node B hears at once of tasks created on B. So these
  // instances start on B (the process was deployed through ProcOS), while ProcOS's own workers wait on A.
  it('`procos worker` against node B completes the external tasks of instances started on node B', async () => {
    const key = uniqueKey('cluster_workers');
    await client.deploy({ files: [{ name: `${key}.bpmn`, xml: validationChain(key) }] });
    const ids = [];
    for (let i = 0; i < 16; i++) ids.push(await startProcess(b, key, { order: i }));
    await eventually(async () => {
      const done = await engineRest<{ count: number }>(b, 'GET', `/history/process-instance/count?processDefinitionKey=${key}&completed=true`);
      return done.count === ids.length;
    }, `all ${ids.length} instances to complete`);
    const log = await engineRest<{ workerId: string }[]>(b, 'GET', `/history/external-task-log?processDefinitionKey=${key}&successLog=true&maxResults=1000`);
    const byWorker = new Set(log.map((l) => l.workerId));
    expect([...byWorker], workerOutput).toContain(`procos-standalone-${workers[0].pid}`);
    expect(log).toHaveLength(ids.length * 2);
    // and ProcOS's monitor, attached to node A, shows them all as completed
    const listed = await client.instances({ definitionKey: key, state: 'COMPLETED', maxResults: 50 });
    expect(listed.items.map((i) => i.id).sort()).toEqual([...ids].sort());
  });

  it('loses node A and gets it back: status says why meanwhile, then everything recovers by itself', async () => {
    a.kill9();
    const down = await eventually(async () => {
      const { components } = await client.status();
      return components.engine.state !== 'ready' && components.engine;
    }, 'status to notice that node A is gone');
    expect(down.detail).toMatch(/unreachable|stopped answering/);
    expect(down.mode).toBe('remote');
    await expect(client.instances({})).rejects.toThrow(/not reachable|engine/i);

    await a.restart();
    // the probe backs off up to 30 s between tries while node A boots again
    await eventually(async () => (await client.status()).components.engine.state === 'ready', 'the remote engine to be ready again', 600, 500);
    const key = uniqueKey('cluster_back');
    await client.deploy({ files: [{ name: `${key}.bpmn`, xml: validationChain(key) }] });
    const run = await procos(['run', key, '--var', 'order=1', '--wait', '--timeout', '120', '--json'], home);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'COMPLETED' });
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
      expect(remote.supervisor.info().detail).toMatch(/refused the credentials .*; restarting in \d/);
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
