/**
 * Faults of the kernel and its engine, against a private real stack (`procos start --headless
 * --port 0` in its own temporary PROCOS_HOME, shared by the tests of this file — not the common
 * test stack, since these tests kill it):
 * - the engine is killed and a stranger takes its port: the engine comes back on another port, the
 *   workers follow it before status says ready, an external task completes, and the stranger never
 *   sees an Authorization header;
 * - kill -9 of the kernel alone (its watchdog ends the children), and of the kernel and its watchdog
 *   (the engine lives on, holding the H2 file): `procos start` on the same data dir is ready without
 *   any manual step, with exactly one engine process;
 * - the engine's database held by a process ProcOS did not start: start fails at once, naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { Engine } from '../../main/kernel/engine';
import { eventually } from '../helpers/cli';
import { alive } from '../helpers/processes';
import { startPrivateStack, type PrivateStack } from '../helpers/private-stack';
import { WORKER_KINDS } from '../../common/topics';

const root = resolve(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'procos-faults-'));

let stack: PrivateStack;

/** `procos start --headless --port 0` on this file's data dir; resolves once it prints ready. */
const startStack = () => startPrivateStack(home);

/** Live processes whose command line contains `text` (e.g. the engine JVMs on this data dir). */
function processesWith(text: string, command = 'java'): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmd[0].endsWith(command) && cmd.some((a) => a.includes(text)) && alive(Number(entry))) found.push(Number(entry));
    } catch { /* gone */ }
  }
  return found;
}
const engineProcesses = () => processesWith(home);

/** Children of a pid (from /proc/<pid>/stat). */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((e) => {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
    } catch { return false; }
  }).map(Number);
}

/** A plain HTTP listener on a port that recently was the engine's: records every Authorization header. */
async function stranger(port: number): Promise<{ server: Server; requests: { url: string; authorization?: string }[] }> {
  const requests: { url: string; authorization?: string }[] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(404).end('someone else');
  });
  // the port frees once the killed JVM is gone
  await eventually(() => new Promise<boolean>((ok) => {
    server.once('error', () => ok(false));
    server.listen(port, '127.0.0.1', () => ok(true));
  }), `port ${port} to be free`, 400, 25);
  return { server, requests };
}

async function killKernelAndWait(signal: NodeJS.Signals = 'SIGKILL') {
  const exited = new Promise((ok) => stack.child.once('exit', ok));
  stack.child.kill(signal);
  await exited;
}

/** Ready as a whole (a loaded machine may show a worker's heartbeat late for a moment). */
const ready = () => eventually(async () => (await stack.client.status()).ready, 'status to say ready', 120, 500);

describe('kernel faults', () => {
  beforeAll(async () => { stack = await startStack(); });

  afterAll(async () => {
    if (stack?.child.exitCode === null && stack.child.signalCode === null) await killKernelAndWait('SIGTERM');
    await eventually(async () => engineProcesses().length === 0, 'no engine left on the data dir', 120, 500).catch(() => undefined);
    const left = engineProcesses();
    left.forEach((pid) => process.kill(pid, 'SIGKILL'));
    rmSync(home, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  it('engine restarts on a new port while a stranger holds the old one: workers follow, a task completes, no credentials leak', async () => {
    const before = (await stack.client.status()).components;
    expect(before.engine.state).toBe('ready');
    for (const kind of WORKER_KINDS) expect(before[`worker:${kind}`].url).toBe(before.engine.url);

    process.kill(before.engine.pid!, 'SIGKILL');
    const squatter = await stranger(before.engine.port!);
    try {
      const after = await eventually(async () => {
        const s = await stack.client.status();
        return s.ready && s.components.engine.pid !== before.engine.pid && s.components;
      }, 'the engine to be back', 480, 500);
      expect(after.engine.port).not.toBe(before.engine.port);
      // ready means: every worker already uses the new engine
      for (const kind of WORKER_KINDS) expect(after[`worker:${kind}`].url).toBe(after.engine.url);

      const xml = readFileSync(join(root, 'test', 'fixtures', 'health_ping.bpmn'), 'utf8');
      expect((await stack.client.deploy({ files: [{ name: 'health_ping.bpmn', xml }] })).ok).toBe(true);
      const run = await stack.client.run({ key: 'health_ping', variables: {}, wait: true, timeoutSeconds: 120 });
      expect(run.state).toBe('COMPLETED');
      expect(squatter.requests.filter((r) => r.authorization)).toEqual([]);
    } finally {
      squatter.server.close();
    }
  });

  it('kill -9 of the kernel alone: the next `procos start` on the same data dir is ready, with one engine', async () => {
    const enginePid = (await stack.client.status()).components.engine.pid!;
    await killKernelAndWait('SIGKILL');
    // its watchdog ends the engine (and Ollama, and the workers leave on their own)
    await eventually(async () => !alive(enginePid), 'the engine to end with its kernel', 240, 250);
    stack = await startStack();
    await ready();
    expect(engineProcesses()).toHaveLength(1);
  });

  it('kill -9 of the kernel and its watchdog: the engine lives on holding H2, and the next start stops it first', async () => {
    const enginePid = (await stack.client.status()).components.engine.pid!;
    const kernelPid = stack.child.pid!;
    const watchdogs = childrenOf(kernelPid).filter((pid) => {
      try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('procos watchdog'); } catch { return false; }
    });
    expect(watchdogs).toHaveLength(1);
    process.kill(watchdogs[0], 'SIGKILL');
    await killKernelAndWait('SIGKILL');
    expect(alive(enginePid)).toBe(true); // an orphan holding the H2 file: what blocked the next start before
    stack = await startStack();
    expect(stack.output()).toMatch(new RegExp(`stopped what an earlier run left behind: .*engine \\(pid ${enginePid}\\)`));
    expect(alive(enginePid)).toBe(false);
    await ready();
    expect(engineProcesses()).toHaveLength(1);
  });
});

describe('engine database', () => {

  it('a database held by a process ProcOS did not start: the engine fails at once and names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procos-h2-held-'));
    mkdirSync(join(dir, 'engine', 'h2'), { recursive: true });
    const file = join(dir, 'engine', 'h2', 'procos.mv.db');
    writeFileSync(file, '');
    const holder = spawn(process.execPath, ['-e', `require('fs').openSync(${JSON.stringify(file)}, 'r+'); setInterval(() => {}, 1000)`], { stdio: 'ignore' });
    const engine = new Engine(dir);
    try {
      await eventually(async () => readdirSync(`/proc/${holder.pid}/fd`).some((fd) => {
        try { return readlinkSync(`/proc/${holder.pid}/fd/${fd}`) === file; } catch { return false; }
      }), 'the holder to open the file', 600, 100);
      const spawned: number[] = [];
      engine.supervisor.on('state', () => { if (engine.supervisor.pid) spawned.push(engine.supervisor.pid); });
      await expect(engine.supervisor.start()).rejects.toThrow(
        new RegExp(`engine: cannot start: the engine's database .*procos\\.mv\\.db is in use by another process: pid ${holder.pid} \\(.*node.*\\), which ProcOS did not start`));
      expect(engine.supervisor.state).toBe('failed');
      expect(engine.supervisor.restarts).toBe(0);
      expect(spawned).toEqual([]); // no Java was started, so no retries either
    } finally {
      holder.kill('SIGKILL');
      await engine.supervisor.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
