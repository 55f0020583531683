/**
 * The slow faults of `npm run chaos`: those that hang, fill or race instead of killing — the whole
 * stack asleep for minutes, the engine hung, the engine out of memory, the data dir's disk full, a
 * second start, a kill of the kernel's whole process group, a corrupt procos.db. Each adds one row.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { ChaosStack } from './chaos-stack';
import { sleep } from './chaos-stack';
import { chainProcess } from '../helpers/workers-bpmn';
import { alive } from '../helpers/processes';

const root = resolve(import.meta.dirname, '..', '..');
/** How long the whole stack sleeps in the sleep row (a laptop's lid closed). */
const SLEEP_S = Number(process.env.CHAOS_SLEEP_S ?? 120);
const FLOW_PREFIX = 'chaos_disk';

export interface Row { fault: string; completed: number | string; lost: number | string; readyS?: number; deaths: number; notes: string }

export interface ChaosContext {
  stack: ChaosStack;
  rows: Row[];
  /** instances of `key` by state, once all `n` completed or `limitS` passed */
  outcome(key: string, n: number, limitS: number): Promise<{ completed: number; incidents: number; active: number }>;
  /** n instances of a fresh key (its own prefix): returns the key */
  startBatch(prefix: string, n: number, xml?: (key: string) => string): Promise<string>;
}

/** A web service for http_request tasks: answers each call after `delayMs`, counting calls per path. */
async function countingService(delayMs: number): Promise<{ server: Server; url: string; calls: Map<string, number>; release(): void }> {
  const calls = new Map<string, number>();
  const waiting = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    calls.set(req.url ?? '', (calls.get(req.url ?? '') ?? 0) + 1);
    waiting.add(res);
    setTimeout(() => { if (waiting.delete(res)) res.end('ok'); }, delayMs);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { server, url, calls, release: () => { for (const res of waiting) res.end('ok'); waiting.clear(); } };
}

/** `procos start` on the stack's data dir: its exit code and what it said. */
function secondStart(home: string): Promise<{ code: number | null; said: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'start', '--headless', '--port', '0'], {
      cwd: root, env: { ...process.env, PROCOS_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    child.stdout.on('data', (d) => { said += d; });
    child.stderr.on('data', (d) => { said += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => { clearTimeout(timer); ok({ code, said: said.trim().split('\n').at(-1) ?? '' }); });
  });
}

const restartsOf = (s: Awaited<ReturnType<ChaosStack['status']>>) =>
  Object.values(s.components).reduce((sum, c) => sum + (c.restarts ?? 0), 0);

export function slowFaults({ stack, rows, outcome, startBatch }: ChaosContext): Record<string, () => Promise<void>> {
  const deathsNow = () => stack.deaths.length;
  const engine = async () => (await stack.status()).components.engine;
  /** each fault starts from a stack that is ready (the one before may still be healing) */
  const settled = (fault: () => Promise<void>) => async () => {
    await stack.secondsUntilReady(performance.now(), 300);
    await fault();
  };

  return Object.fromEntries(Object.entries({
    async sleep() {
      const deathsBefore = deathsNow();
      const service = await countingService(3000);
      try {
        const key = await startBatch('chaos_sleep', 20, (k) => chainProcess(k, ['http_request'], { inputs: { 0: { url: `${service.url}/\${execution.processInstanceId}` } } }));
        await sleep(1000); // some calls are under way
        const before = await stack.status();
        const pids = stack.processes();
        for (const p of pids) process.kill(p, 'SIGSTOP');
        await sleep(SLEEP_S * 1000);
        const since = performance.now();
        for (const p of pids) { try { process.kill(p, 'SIGCONT'); } catch { /* gone */ } }
        const readyS = await stack.secondsUntilReady(since, 120);
        const done = await outcome(key, 20, 120);
        const after = await stack.status().catch(() => before);
        const twice = [...service.calls.values()].filter((n) => n > 1).length;
        rows.push({ fault: `whole stack asleep ${SLEEP_S} s (SIGSTOP of every process), 20 HTTP tasks in flight`, completed: done.completed, lost: 20 - done.completed, readyS,
          deaths: deathsNow() - deathsBefore,
          notes: `restarts during the sleep: ${restartsOf(after) - restartsOf(before)}; tasks run twice: ${twice}; the kernel said: ${(await stack.client.logs({ name: 'engine' }).catch(() => [])).find((l) => /the machine slept/.test(l))?.replace(/^\S+ \[kernel\] /, '').slice(0, 60) ?? 'nothing'}` });
      } finally {
        for (const p of stack.processes()) { try { process.kill(p, 'SIGCONT'); } catch { /* gone */ } }
        service.release();
        service.server.close();
      }
    },

    async hung() {
      const deathsBefore = deathsNow();
      const key = await startBatch('chaos_hung', 50);
      const hungPid = (await engine()).pid!;
      const since = performance.now();
      process.kill(hungPid, 'SIGSTOP');
      let markedS: number | undefined;
      while (markedS === undefined && (performance.now() - since) / 1000 < 60) {
        if (/not answering/.test((await engine().catch(() => ({ detail: '' }))).detail)) markedS = (performance.now() - since) / 1000;
        else await sleep(250);
      }
      const readyS = await stack.secondsUntilReady(since, 240, { name: 'engine', pid: hungPid });
      const done = await outcome(key, 50, 180);
      const now = await engine();
      rows.push({ fault: 'engine hung (SIGSTOP), 50 instances in flight', completed: done.completed, lost: 50 - done.completed, readyS, deaths: deathsNow() - deathsBefore,
        notes: `"not answering" after ${markedS?.toFixed(1) ?? '—'} s; old engine ${alive(hungPid) ? 'still alive' : 'ended'}; restarted because: ${now.lastError?.slice(0, 70) ?? '?'}` });
    },

    async oom() {
      const deathsBefore = deathsNow();
      await stack.client.updateSettings({ 'engine.heapMb': 128 });
      await stack.client.restartComponent({ name: 'engine' });
      await stack.secondsUntilReady(performance.now());
      const key = await startBatch('chaos_oom', 20, (k) => readFileSync(join(root, 'test', 'fixtures', 'wait_for_user.bpmn'), 'utf8').replaceAll('"wait_for_user"', `"${k}"`));
      const before = await engine();
      const files = Array.from({ length: 10 }, (_, i) => ({ name: `wide${i}.bpmn`, xml: chainProcess(`chaos_wide_${i}`, Array.from({ length: 2400 }, () => 'input_validation')) }));
      const since = performance.now();
      const answer = await stack.client.deploy({ files }).then((r) => `deploy answered ok=${r.ok}`, (err: { status?: number }) => `deploy answered ${err.status}`);
      const readyS = await stack.secondsUntilReady(since, 240, { name: 'engine', pid: before.pid });
      const now = await engine();
      const kept = (await outcome(key, 0, 1)).active;
      await stack.client.updateSettings({ 'engine.heapMb': null });
      await stack.client.restartComponent({ name: 'engine' });
      rows.push({ fault: 'engine out of memory (128 MB heap, 10 files of 4800 elements)', completed: kept, lost: 20 - kept, readyS, deaths: deathsNow() - deathsBefore,
        notes: `${answer}; waiting instances kept ${kept}/20; reason: ${now.lastError?.slice(0, 90) ?? '?'}` });
    },

    async disk() {
      if (!stack.onTmpfs) { rows.push({ fault: 'disk full', completed: '—', lost: '—', deaths: 0, notes: 'skipped: the data dir is not a tmpfs of its own (mounting one needs root)' }); return; }
      const deathsBefore = deathsNow();
      const key = await startBatch(FLOW_PREFIX, 20);
      await outcome(key, 20, 120);
      const filler = join(stack.home, 'filler');
      for (const bs of ['1M', '4k']) await new Promise((ok) => spawn('dd', ['if=/dev/zero', `of=${filler}`, `bs=${bs}`, 'oflag=append', 'conv=notrunc'], { stdio: 'ignore' }).on('exit', ok));
      const worker = (await stack.status()).components['worker:generic'].pid;
      if (worker) process.kill(worker, 'SIGKILL'); // a child's exit is written to children.json
      await sleep(5000);
      const during = await stack.status().catch(() => undefined);
      const refused = await stack.client.startInstance({ key, variables: {} }).then(() => 'an instance started meanwhile was accepted', (err: { status?: number; message: string }) => `an instance started meanwhile: ${err.status} ${err.message.slice(0, 50)}`);
      rmSync(filler);
      const since = performance.now();
      const readyS = await stack.secondsUntilReady(since, 300);
      const after = await startBatch(`${FLOW_PREFIX}_after`, 10);
      const done = await outcome(after, 10, 120);
      rows.push({ fault: 'disk full (tmpfs data dir), a worker killed, then space freed', completed: done.completed, lost: 10 - done.completed, readyS, deaths: deathsNow() - deathsBefore,
        notes: `status said: ${during?.components.disk.detail.slice(0, 60) ?? 'nothing (kernel down)'}; ${refused}; engine restarts ${(await engine()).restarts}` });
    },

    async second() {
      const deathsBefore = deathsNow();
      const file = join(stack.home, 'runtime.json');
      const before = readFileSync(file, 'utf8');
      const running = await secondStart(stack.home);
      const kernel = stack.kernel!.child.pid!;
      process.kill(kernel, 'SIGSTOP');
      let paused: { code: number | null; said: string };
      try { paused = await secondStart(stack.home); } finally { process.kill(kernel, 'SIGCONT'); }
      const readyS = await stack.secondsUntilReady(performance.now(), 60);
      const kept = readFileSync(file, 'utf8') === before;
      rows.push({ fault: 'second start, while running and while paused', completed: kept ? 1 : 0, lost: kept ? 0 : 1, readyS, deaths: deathsNow() - deathsBefore,
        notes: `exit codes ${running.code} and ${paused.code}; runtime.json ${kept ? 'untouched' : 'CHANGED'}; said: ${paused.said.slice(0, 60)}` });
    },

    async group() {
      const deathsBefore = deathsNow();
      const key = await startBatch('chaos_group', 20, (k) => readFileSync(join(root, 'test', 'fixtures', 'wait_for_user.bpmn'), 'utf8').replaceAll('"wait_for_user"', `"${k}"`));
      const { components } = await stack.status();
      const children = [components.engine.pid, components.ollama.pid].filter((p): p is number => !!p);
      await stack.killKernel({ group: true });
      const killed = performance.now();
      while (children.some(alive) && performance.now() - killed < 30_000) await sleep(100);
      const goneS = children.some(alive) ? undefined : (performance.now() - killed) / 1000;
      const since = performance.now();
      await stack.boot(240_000);
      const readyS = await stack.secondsUntilReady(since);
      const kept = (await outcome(key, 0, 1)).active;
      rows.push({ fault: 'kill -9 of the kernel\'s process group, start again', completed: kept, lost: 20 - kept, readyS, deaths: deathsNow() - deathsBefore,
        notes: goneS === undefined ? `engine/Ollama ${children.filter(alive).join(', ')} still alive 30 s after` : `engine and Ollama ended ${goneS.toFixed(1)} s after the kill (watchdog in its own session); waiting instances kept ${kept}/20` });
    },

    async corrupt() {
      const deathsBefore = deathsNow();
      const key = await startBatch('chaos_corrupt', 20, (k) => readFileSync(join(root, 'test', 'fixtures', 'wait_for_user.bpmn'), 'utf8').replaceAll('"wait_for_user"', `"${k}"`));
      await stack.stopKernel();
      const db = join(stack.home, 'procos.db');
      for (const f of [db, `${db}-wal`].filter(existsSync)) { const fd = openSync(f, 'r+'); writeSync(fd, Buffer.alloc(512, 0x5a), 0, 512, 0); closeSync(fd); }
      const since = performance.now();
      let note = '';
      try { await stack.boot(240_000); } catch (err) { note = `start failed: ${(err as Error).message.split('\n').slice(-2).join(' ').slice(0, 100)}`; }
      const readyS = stack.kernelAlive() ? await stack.secondsUntilReady(since) : undefined;
      const kept = stack.kernelAlive() ? (await outcome(key, 0, 1)).active : 0;
      const store = stack.kernelAlive() ? (await stack.status()).components.store?.detail ?? '' : '';
      rows.push({ fault: 'corrupt procos.db, start again', completed: kept, lost: 20 - kept, readyS, deaths: deathsNow() - deathsBefore,
        notes: note || `${/moved aside/.test(store) ? 'moved aside, a fresh one made' : `store: ${store.slice(0, 60)}`}; waiting instances kept ${kept}/20` });
    },
  }).map(([name, fault]) => [name, settled(fault)]));
}
