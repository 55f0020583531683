/**
 * Engine access for the workers' tests: a real Camunda Run, either the one named by
 * PROCOS_TEST_ENGINE_URL (+ PROCOS_TEST_ENGINE_USER / _PASSWORD) or a private one started from
 * the kernel's own Engine service (temporary data dir, free port, REST auth on). Plain REST calls, no mocks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../main/kernel/engine';
import { freePort } from '../../main/kernel/ports';
import type { EngineConnection } from '../../common/worker-protocol';
import { toTypedValue } from '../../common/variables';
import { engineAuthHeaders } from '../../common/engine-auth';

export interface TestEngine extends EngineConnection { stop(): Promise<void> }

export { freePort }; // the kernel's own

export async function engineRest<T = any>(engine: EngineConnection, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = engineAuthHeaders(engine);
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
  // the kernel's own engine service: same jar, same Java lookup, same generated config and auth
  const dir = mkdtempSync(join(tmpdir(), 'procos-w-engine-'));
  const service = new Engine(dir, await freePort());
  try {
    await service.supervisor.start();
  } catch (err) {
    await service.supervisor.stop();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`no engine: ${(err as Error).message} (or set PROCOS_TEST_ENGINE_URL)`);
  }
  const { url, user, password } = service.auth();
  return {
    url, user, password,
    stop: async () => {
      await service.supervisor.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An engine timestamp ("2026-11-27T08:10:00.123+0000") as epoch ms. */
export const engineTime = (t: string) => Date.parse(t.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

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
