/**
 * Engine access for the workers' tests: a real Camunda Run, either the one named by
 * PROCOS_TEST_ENGINE_URL (+ PROCOS_TEST_ENGINE_USER / _PASSWORD) or a private one started from
 * resources/camunda-run (temporary H2, free port, REST auth on). Plain REST calls, no mocks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EngineConnection } from '../../workers/protocol';
import { toTypedValue } from '../../workers/variables';

export interface TestEngine extends EngineConnection { stop(): Promise<void> }

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => ok(port));
    });
    server.on('error', fail);
  });
}

export async function engineRest<T = any>(engine: EngineConnection, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (engine.user) headers.authorization = `Basic ${Buffer.from(`${engine.user}:${engine.password}`).toString('base64')}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { payload = JSON.stringify(body); headers['content-type'] = 'application/json'; }
  const res = await fetch(`${engine.url}${path}`, { method, headers, body: payload });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → HTTP ${res.status}: ${text.slice(0, 500)}`);
  if (!text) return undefined as T;
  return (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
}

/** Start (or attach to) a real engine. */
export async function startTestEngine(): Promise<TestEngine> {
  if (process.env.PROCOS_TEST_ENGINE_URL) {
    return {
      url: process.env.PROCOS_TEST_ENGINE_URL,
      user: process.env.PROCOS_TEST_ENGINE_USER ?? 'admin',
      password: process.env.PROCOS_TEST_ENGINE_PASSWORD ?? 'pw',
      stop: async () => undefined,
    };
  }
  const jar = ['resources/camunda-run/camunda-run.jar', 'resources/camunda-run/target/camunda-run.jar'].map((p) => resolve(p)).find(existsSync);
  if (!jar) throw new Error('no engine: set PROCOS_TEST_ENGINE_URL or fetch resources (procos resources) for resources/camunda-run/camunda-run.jar');
  const bundledJava = resolve('resources/jre/bin/java');
  const java = existsSync(bundledJava) ? bundledJava : process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const dir = mkdtempSync(join(tmpdir(), 'procos-w-engine-'));
  const port = await freePort();
  writeFileSync(join(dir, 'application.yml'), [
    'server:', `  port: ${port}`, '  address: 127.0.0.1',
    'spring:', '  datasource:', `    url: jdbc:h2:file:${join(dir, 'h2', 'db')}`,
    'camunda:', '  bpm:', '    admin-user:', '      id: admin', '      password: pw',
    '    generic-properties:', '      properties:', '        historyTimeToLive: P30D',
    'procos:', '  rest-auth: true', '',
  ].join('\n'));
  const jvm: ChildProcess = spawn(java, ['-Xmx512m', '-jar', jar, `--spring.config.location=file:${join(dir, 'application.yml')}`],
    { cwd: dir, stdio: 'ignore' });
  const engine: TestEngine = {
    url: `http://127.0.0.1:${port}/engine-rest`, user: 'admin', password: 'pw',
    stop: async () => {
      jvm.kill('SIGTERM');
      await new Promise((r) => { if (jvm.exitCode !== null) r(null); else jvm.once('exit', r); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (jvm.exitCode !== null) throw new Error(`Camunda Run exited with ${jvm.exitCode}`);
    try { await engineRest(engine, 'GET', '/engine'); return engine; } catch { await sleep(500); }
  }
  await engine.stop();
  throw new Error('Camunda Run not ready within 120 s');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function deploy(engine: EngineConnection, name: string, xml: string): Promise<void> {
  const form = new FormData();
  form.append('deployment-name', name);
  form.append('enable-duplicate-filtering', 'true');
  form.append('data', new Blob([xml], { type: 'application/xml' }), `${name}.bpmn`);
  await engineRest(engine, 'POST', '/deployment/create', form);
}

export async function startProcess(engine: EngineConnection, key: string, variables: Record<string, unknown> = {}): Promise<string> {
  const typed = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, toTypedValue(v)]));
  const res = await engineRest<{ id: string }>(engine, 'POST', `/process-definition/key/${key}/start`, { variables: typed });
  return res.id;
}

export interface Ended { id: string; state: 'COMPLETED' | 'INCIDENT' | 'ACTIVE' | string; variables: Record<string, unknown>; incidents: any[]; activities: string[] }

/** Wait until the instance ends or raises an incident; returns its variables and the activities it passed. */
export async function waitForInstance(engine: EngineConnection, id: string, timeoutMs = 60_000): Promise<Ended> {
  const deadline = Date.now() + timeoutMs;
  let state = 'ACTIVE';
  let incidents: any[] = [];
  while (Date.now() < deadline) {
    const hist = await engineRest<any>(engine, 'GET', `/history/process-instance/${id}`);
    state = hist.state;
    incidents = await engineRest<any[]>(engine, 'GET', `/incident?processInstanceId=${id}`);
    if (state !== 'ACTIVE' || incidents.length) break;
    await sleep(100);
  }
  const vars = await engineRest<any[]>(engine, 'GET', `/history/variable-instance?processInstanceId=${id}&deserializeValues=false`);
  const variables: Record<string, unknown> = {};
  for (const v of vars) variables[v.name] = v.type === 'Json' && typeof v.value === 'string' ? JSON.parse(v.value) : v.value;
  const acts = await engineRest<any[]>(engine, 'GET', `/history/activity-instance?processInstanceId=${id}&sortBy=startTime&sortOrder=asc`);
  return { id, state: incidents.length ? 'INCIDENT' : state, variables, incidents, activities: acts.map((a) => a.activityId) };
}

export function uniqueKey(prefix: string) {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
