/**
 * Faults around starting, against a private real stack (its own data dir and Ollama; each kernel in
 * a process group of its own, since one test kills the whole group):
 * - two `procos start` at once on one data dir: one serves, the other is refused with exit 1 and
 *   touches nothing of it; so is a start while the running one is paused (it answers nothing);
 * - kill -9 of the kernel's whole process group: the watchdog (in a session of its own) still ends
 *   the engine and Ollama;
 * - a corrupt procos.db: moved aside, a fresh one made, the start goes on with the engine's data intact;
 * - a component that keeps failing at start-up: headless mode stays up and shows why.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { freePort } from '../../main/kernel/ports';
import { eventually, procos } from '../helpers/cli';
import { alive, descendants } from '../helpers/processes';
import { startPrivateStack, stopPrivateStack, type PrivateStack } from '../helpers/private-stack';

const root = resolve(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'procos-start-'));
const runtimeFile = join(home, 'runtime.json');
let env: NodeJS.ProcessEnv;
let stack: PrivateStack | undefined;
/** every process any kernel of this file ran, for the clean-up */
const seen = new Set<number>();

const start = async (extra: NodeJS.ProcessEnv = {}, until?: RegExp) => {
  env ??= { PROCOS_OLLAMA_URL: `http://127.0.0.1:${await freePort()}` };
  const s = await startPrivateStack(home, { ...env, ...extra }, { detached: true, until });
  seen.add(s.child.pid!);
  return s;
};
const remember = (s: PrivateStack) => descendants(s.child.pid!).forEach((p) => seen.add(p));

async function stop(s: PrivateStack) {
  remember(s);
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((ok) => s.child.once('exit', ok));
  s.child.kill('SIGTERM');
  await exited;
}

describe('start faults', () => {
  afterAll(async () => {
    const left = await stopPrivateStack(stack, seen);
    rmSync(home, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  it('two starts at once on one data dir: one serves, the other is refused with exit 1', async () => {
    const results = await Promise.allSettled([start(), start()]);
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    expect(won).toHaveLength(1);
    stack = won[0];
    expect(lost).toHaveLength(1);
    // refused by the lock, or (when the other was up first) by finding it running: exit 1 either way
    expect(lost[0].message).toMatch(/exited with 1[\s\S]*ProcOS is already running (on |\(pid \d+\) at )/);
    expect(JSON.parse(readFileSync(runtimeFile, 'utf8')).pid).toBe(stack.child.pid);
  });

  it('another start while it runs, and while it is paused: refused with exit 1, its runtime.json untouched', async () => {
    const before = readFileSync(runtimeFile, 'utf8');
    const running = await procos(['start', '--headless', '--port', '0'], home);
    expect(running).toMatchObject({ code: 1, stderr: expect.stringMatching(new RegExp(`ProcOS is already running \\(pid ${stack!.child.pid}\\)`)) });
    process.kill(stack!.child.pid!, 'SIGSTOP'); // paused: it answers nothing, but holds its data dir
    try {
      const paused = await procos(['start', '--headless', '--port', '0'], home);
      expect(paused).toMatchObject({ code: 1, stderr: expect.stringMatching(new RegExp(`ProcOS is already running on .* \\(pid ${stack!.child.pid}`)) });
    } finally {
      process.kill(stack!.child.pid!, 'SIGCONT');
    }
    expect(readFileSync(runtimeFile, 'utf8')).toBe(before);
    expect((await stack!.client.status()).components.engine).toBeDefined();
  });

  it('kill -9 of the whole process group: the engine and Ollama end; a corrupt procos.db is moved aside at the next start', async () => {
    const { client } = stack!;
    const xml = readFileSync(join(root, 'test', 'fixtures', 'wait_for_user.bpmn'), 'utf8');
    expect((await client.deploy({ files: [{ name: 'wait_for_user.bpmn', xml }] })).ok).toBe(true);
    const { id } = await client.startInstance({ key: 'wait_for_user' });
    const { engine, ollama } = (await client.status()).components;
    expect([engine.pid, ollama.pid].every((p) => p && alive(p))).toBe(true);
    remember(stack!);
    process.kill(-stack!.child.pid!, 'SIGKILL');
    await eventually(async () => !alive(engine.pid!) && !alive(ollama.pid!), 'the engine and Ollama to end with their kernel', 240, 250);

    // the start of procos.db and of its write-ahead log overwritten (as a failing disk or a stray write
    // would): SQLite cannot read it
    const db = join(home, 'procos.db');
    expect(statSync(db).size).toBeGreaterThanOrEqual(4096);
    for (const file of [db, `${db}-wal`].filter(existsSync)) {
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(512, 0x5a), 0, 512, 0);
      closeSync(fd);
    }

    stack = await start();
    const store = (await stack.client.status()).components.store;
    expect(store.detail).toMatch(/procos\.db could not be read \(.+\): it was moved aside to .*procos\.db\.corrupt-/);
    const movedTo = /moved aside to (\S+) and/.exec(store.detail)![1];
    expect(existsSync(movedTo)).toBe(true);
    expect(readdirSync(home).filter((f) => f.startsWith('procos.db.corrupt-'))).toHaveLength(1);
    // the engine's data is separate and kept
    expect((await stack.client.definitions()).map((d) => d.key)).toContain('wait_for_user');
    expect((await stack.client.instance({ id })).state).toBe('ACTIVE');
  });

  it('an engine that keeps failing at start-up: headless stays up and shows why', async () => {
    await stop(stack!);
    // too small a heap: the engine runs out of memory at every start
    stack = await start({ PROCOS_ENGINE_HEAP_MB: '16' }, /ProcOS is up, but not ready/);
    const engine = (await stack.client.status()).components.engine;
    expect(engine.state).toBe('failed');
    expect(engine.detail).toMatch(/gave up after \d+ failed starts: .*out of memory while starting \(.*heap 16 MB/);
    const rt = JSON.parse(readFileSync(runtimeFile, 'utf8'));
    const page = await fetch(`${rt.apiBase}/`, { headers: { authorization: `Bearer ${rt.token}` } });
    expect(page.status).toBe(200);
    expect(stack.child.exitCode).toBeNull();
    expect(stack.output()).toMatch(/ProcOS is up, but not ready: engine: gave up after/);
  });
});
