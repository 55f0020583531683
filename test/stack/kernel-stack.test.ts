/**
 * The spine against the real stack: real Camunda Run, real Ollama with SmolLM2, real worker
 * processes — booted once by test/setup/stack.ts, driven through the real CLI and API.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testStack } from '../helpers/stack';
import { eventually, procos } from '../helpers/cli';
import { listeningSockets } from '../helpers/sockets';
import { scopeValues } from '../../common/variables';
import { WORKER_KINDS } from '../../common/topics';

const fixtures = resolve(import.meta.dirname, '..', 'fixtures');
const { client, home, apiBase, token, pid: headlessPid } = testStack();

describe('status', () => {
  it('reports ready with engine, ollama and workers ready (status --json)', async () => {
    const { code, stdout } = await procos(['status', '--json'], home);
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status.ready).toBe(true);
    for (const name of ['java', 'engine', 'database', 'processes', 'ollama', ...WORKER_KINDS.map((k) => `worker:${k}`)]) {
      expect(status.components[name], name).toMatchObject({ state: 'ready' });
      expect(status.components[name].detail, name).toBeTruthy();
    }
    expect(status.components.ollama.detail).toContain('smollm2:135m');
  });

  it('prints the startup checks as ✓ lines', async () => {
    const { code, stdout } = await procos(['status'], home);
    expect(code).toBe(0);
    expect(stdout).toMatch(/✓ java/);
    expect(stdout).toMatch(/✓ engine/);
    expect(stdout).toMatch(/✓ ollama .*smollm2:135m/);
    expect(stdout).not.toMatch(/✗/);
  });
});

describe('worker registry', () => {
  it('lists every worker kind and discovers healthy ones by name or tag', async () => {
    const all = await client.workers();
    expect(all.map((w) => w.kind).sort()).toEqual(['ai', 'generic', 'system']);
    for (const w of all) expect(w).toMatchObject({ healthy: true, pid: expect.any(Number), topics: expect.any(Array) });
    expect((await client.workers({ name: 'ai' })).map((w) => w.topics).flat()).toContain('ai_query');
    expect((await client.workers({ tags: ['email'] })).map((w) => w.kind)).toEqual(['generic']);
    expect(await client.workers({ tags: ['no-such-tag'] })).toEqual([]);
  });
});

describe('ports and exposure', () => {
  it('comes up on free ports when the ports it is configured with are taken by someone else', async () => {
    const { components } = await client.status();
    const { squatted } = testStack();
    expect(components.engine.port).not.toBe(squatted.engine);
    expect(components.ollama.port).not.toBe(squatted.ollama);
    expect(components.ollama.detail).toMatch(/^serving at/); // its own Ollama: "someone else" is no Ollama to attach to
    expect(await (await fetch(`http://127.0.0.1:${squatted.engine}/`)).text()).toBe('someone else');
    expect(await (await fetch(`http://127.0.0.1:${squatted.ollama}/`)).text()).toBe('someone else');
  });

  it('listens on 127.0.0.1 only, for every process it runs', async () => {
    const { components } = await client.status();
    const pids = [headlessPid, ...Object.values(components).map((c) => c.pid).filter((p): p is number => !!p)];
    const sockets = listeningSockets(pids);
    expect(sockets.map((s) => s.pid)).toEqual(expect.arrayContaining([headlessPid, components.engine.pid, components.ollama.pid]));
    for (const s of sockets) expect(s.address, `pid ${s.pid} port ${s.port}`).toBe('127.0.0.1');
  });

  it('refuses a UI port that is already in use, with a message a person can act on', async () => {
    const port = new URL(apiBase).port;
    const other = mkdtempSync(join(tmpdir(), 'procos-second-'));
    const { code, stderr } = await procos(['start', '--headless', '--port', port], other);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`port ${port} is already in use: choose another with --port`));
    rmSync(other, { recursive: true, force: true });
  });

  it('engine REST refuses requests without credentials (401)', async () => {
    const { components } = await client.status();
    const res = await fetch(`${components.engine.url}/process-definition`);
    expect(res.status).toBe(401);
    const creds = JSON.parse(readFileSync(join(home, 'engine', 'credentials.json'), 'utf8'));
    const ok = await fetch(`${components.engine.url}/process-definition`, {
      headers: { authorization: `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}` },
    });
    expect(ok.status).toBe(200);
  });

  it('headless API checks token, Host and Origin', async () => {
    expect((await fetch(`${apiBase}/api/status`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${apiBase}/api/status`, { method: 'POST', headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${apiBase}/api/status`, { method: 'POST', headers: { ...auth, origin: 'http://evil.example' } })).status).toBe(403);
    const { request } = await import('node:http');
    const status = await new Promise<number>((ok) => {
      request(`${apiBase}/api/status`, { method: 'POST', headers: { ...auth, host: 'rebind.example:80' } }, (res) => ok(res.statusCode!)).end();
    });
    expect(status).toBe(421);
    expect((await fetch(`${apiBase}/api/status`, { method: 'POST', headers: auth })).status).toBe(200);
  });
});

describe('deploy', () => {
  it('deploys a valid file and reports key and version (deploy --json)', async () => {
    const { code, stdout } = await procos(['deploy', join(fixtures, 'health_ping.bpmn'), '--json'], home);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.ok).toBe(true);
    expect(result.deploymentId).toBeTruthy();
    expect(result.processes).toEqual([expect.objectContaining({ key: 'health_ping', version: expect.any(Number) })]);
    // unchanged file: duplicate filtering, no new version
    const again = JSON.parse((await procos(['deploy', join(fixtures, 'health_ping.bpmn'), '--json'], home)).stdout);
    expect(again.processes[0].version).toBe(result.processes[0].version);
  });

  it.each([
    ['malformed.bpmn', /not well-formed XML \(line \d+\)/],
    ['not-bpmn.bpmn', /is XML but not BPMN: the root element is <project>/],
    ['not-executable.bpmn', /no executable process.*draft_only/],
  ])('refuses %s with exit 1 and a message naming the problem', async (file, message) => {
    const { code, stderr } = await procos(['deploy', join(fixtures, file)], home);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Nothing was deployed/);
  });

  it('deploys nothing of a batch when one file is bad', async () => {
    const { code, stdout } = await procos(['deploy', join(fixtures, 'wait_for_user.bpmn'), join(fixtures, 'malformed.bpmn'), '--json'], home);
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ file: 'malformed.bpmn', line: expect.any(Number) });
    expect((await client.definitions()).map((d) => d.key)).not.toContain('wait_for_user');
  });
});

describe('run', () => {
  it('runs a process through a real worker to COMPLETED (run --wait --json)', async () => {
    await procos(['deploy', join(fixtures, 'health_ping.bpmn')], home);
    const { code, stdout } = await procos(['run', 'health_ping', '--var', 'requested_by=test', '--wait', '--json'], home);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ id: expect.any(String), state: 'COMPLETED' });
    expect(result.variables.requested_by).toBe('test');
    expect(result.variables.health_status).toBeTruthy();
  });

  it('names an unknown process key clearly', async () => {
    const { code, stderr } = await procos(['run', 'no_such_process', '--wait'], home);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no_such_process/);
  });

  it('procos_system instances complete on their timer', async () => {
    const done = await eventually(async () => {
      const { items } = await client.instances({ definitionKey: 'procos_system', state: 'COMPLETED', firstResult: 0, maxResults: 5 });
      return items.length > 0 && items[0];
    }, 'a completed procos_system instance', 90, 1000);
    const detail = await client.instance({ id: done.id });
    expect(detail.activities.map((a) => a.activityId)).toContain('system_health_check');
    expect(scopeValues(detail.variables).components).toBeTypeOf('object');
  });
});

describe('restart from the health panel', () => {
  it('redeploys processes/ without new versions, re-checks adapters, and names unknown components', async () => {
    const before = Object.fromEntries((await client.definitions()).map((d) => [d.key, d.version]));
    const status = await client.restartComponent({ name: 'processes' });
    expect(status.components.processes).toMatchObject({ state: 'ready', detail: expect.stringContaining('procos_system') });
    const after = Object.fromEntries((await client.definitions()).map((d) => [d.key, d.version]));
    expect(after.procos_system).toBe(before.procos_system);
    expect((await client.restartComponent({ name: 'adapter:http' })).components['adapter:http'].state).toBe('ready');
    await expect(client.restartComponent({ name: 'nope' })).rejects.toThrow(/no component named "nope"; components: engine, ollama/);
  });
});

describe('faults', () => {
  it('restarts the engine after kill -9; definitions and running instances survive', async () => {
    await client.deploy({ files: [{ name: 'wait_for_user.bpmn', xml: readFileSync(join(fixtures, 'wait_for_user.bpmn'), 'utf8') }] });
    const { id } = await client.startInstance({ key: 'wait_for_user', variables: { note: 'survives' } });
    const before = (await client.status()).components.engine;
    process.kill(before.pid!, 'SIGKILL');
    await eventually(async () => (await client.status()).components.engine.state !== 'ready', 'the engine to be noticed down', 60, 250);
    const after = await eventually(async () => {
      const s = await client.status();
      return s.ready && s.components.engine.pid !== before.pid && s.components.engine;
    }, 'the engine to be back', 240, 500);
    expect(after.restarts).toBeGreaterThan(before.restarts ?? 0);
    expect((await client.definitions()).map((d) => d.key)).toEqual(expect.arrayContaining(['wait_for_user', 'procos_system']));
    const instance = await client.instance({ id });
    expect(instance.state).toBe('ACTIVE');
    expect(instance.activeActivityIds).toEqual(['approve']);
    expect(scopeValues(instance.variables).note).toBe('survives');
    await client.cancelInstance({ id });
  });
});

describe('settings with a schema', () => {
  it('refuses bad values and unknown keys with a 400 naming each, and stores nothing of the patch', async () => {
    const before = await client.settings();
    const refused = client.updateSettings({ 'workers.heartbeatMs': 0, 'engine.port': 80, 'ollama.url': 'nope', foo: 1, 'workers.maxTasks': 4 });
    await expect(refused).rejects.toMatchObject({ status: 400 });
    await expect(refused).rejects.toThrow(/^invalid settings: workers\.heartbeatMs: must be ≥ 500 ms; engine\.port: must be ≥ 1024; ollama\.url: must be a URL .*; foo: unknown setting$/);
    expect(await client.settings()).toEqual(before);
  });

  it('stores good values, and null removes a key', async () => {
    expect(await client.updateSettings({ 'workers.maxTasks': 4, 'openai.model': 'gpt-test' })).toMatchObject({ 'workers.maxTasks': 4, 'openai.model': 'gpt-test' });
    const after = await client.updateSettings({ 'workers.maxTasks': null, 'openai.model': null });
    expect(after).not.toHaveProperty('workers.maxTasks');
    expect(after).not.toHaveProperty('openai.model');
  });

  it('shows a configured adapter as a component reported by the worker, and drops it when removed', async () => {
    await client.updateSettings({ smtp: { host: '127.0.0.1', port: 1 } }); // nothing listens on port 1
    const failed = (await client.status()).components['adapter:email'];
    expect(failed).toMatchObject({ state: 'failed' });
    expect(failed.detail).toBeTruthy();
    expect((await client.logs({ name: 'adapter:email' })).join('\n')).toMatch(/failed/);
    await client.updateSettings({ smtp: null });
    expect((await client.status()).components).not.toHaveProperty('adapter:email');
  });
});
