/**
 * Children never outlive the kernel and never block the next start — with real processes:
 * a kernel stand-in (Node + the real ChildRecords and Supervisor) killed with SIGKILL takes its
 * children and grandchildren along (the watchdog); children an earlier kernel left behind are
 * stopped by the next one, matched by pid and start time or command line, and nothing else is.
 * And the data dir is private: 0700 / 0600, repaired at start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ChildRecords } from '../../main/kernel/children';
import { listenerIsOwnedBy, processCommandLine, processStartTime } from '../../main/kernel/process-tree';
import { secureDataDir } from '../../main/kernel/private-files';
import { Store } from '../../main/kernel/store';
import { alive } from '../helpers/processes';

const root = resolve(import.meta.dirname, '..', '..');
const spawned: ChildProcess[] = [];
afterEach(() => { for (const c of spawned.splice(0)) try { process.kill(c.pid!, 'SIGKILL'); } catch { /* gone */ } });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, check: () => boolean, tries = 300) {
  for (let i = 0; i < tries; i++) { if (check()) return; await sleep(100); }
  throw new Error(`gave up waiting for ${what}`);
}

/** A process that just lives (its own group, like a supervised child), and its pid. */
function sleeper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
  spawned.push(child);
  return child;
}

/**
 * A kernel stand-in in its own process: real ChildRecords + Supervisor, whose child (`what`) starts a
 * grandchild; once the child is recorded it writes the child's pid and runs `then` (code). Resolves
 * with its process and the two pids.
 */
async function standInKernel(what: string, then: string) {
  const home = mkdtempSync(join(tmpdir(), 'procos-life-'));
  const pidFile = join(home, 'pids');
  const grandchildFile = `${pidFile}.grandchild`;
  const kernelCode = `
    import { ChildRecords } from ${JSON.stringify(join(root, 'main/kernel/children.ts'))};
    import { Supervisor } from ${JSON.stringify(join(root, 'main/kernel/supervisor.ts'))};
    import { writeFileSync, existsSync, readFileSync } from 'node:fs';
    const records = new ChildRecords(${JSON.stringify(home)});
    await records.open();
    const sup = new Supervisor({ name: ${JSON.stringify(what)}, prepare: async () => ({ command: process.execPath, args: ['-e',
      "const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });" +
      "require('fs').writeFileSync(" + JSON.stringify(${JSON.stringify(grandchildFile)}) + ", String(c.pid)); setInterval(() => {}, 1000)"] }),
      probe: async () => existsSync(${JSON.stringify(grandchildFile)}) });
    await sup.start();
    while (records.list().length === 0 || !records.list()[0].startTime) await new Promise((r) => setTimeout(r, 50));
    writeFileSync(${JSON.stringify(pidFile)}, String(sup.pid));
    ${then}
  `;
  const kernel = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', kernelCode], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  spawned.push(kernel);
  await until('the stand-in kernel to start its child', () => { try { return !!readFileSync(pidFile, 'utf8'); } catch { return false; } }, 600);
  return { home, kernel, child: Number(readFileSync(pidFile, 'utf8')), grandchild: Number(readFileSync(grandchildFile, 'utf8')) };
}

describe('children of a dead kernel', () => {
  it('die with it: kill -9 of the kernel ends its child and grandchild (watchdog)', async () => {
    const { home, kernel, child, grandchild } = await standInKernel('engine', 'setInterval(() => {}, 1000);');
    const recorded = JSON.parse(readFileSync(join(home, 'children.json'), 'utf8'));
    expect(recorded.kernel.pid).toBe(kernel.pid);
    expect(recorded.children).toEqual([expect.objectContaining({ pid: child, what: 'engine', startTime: await processStartTime(child) })]);
    expect(statSync(join(home, 'children.json')).mode & 0o777).toBe(0o600);
    expect(alive(child) && alive(grandchild)).toBe(true);

    process.kill(kernel.pid!, 'SIGKILL');
    await until('the orphaned child and grandchild to end', () => !alive(child) && !alive(grandchild));
  });

  it('die with it even when their parent died first: a grandchild left to init is found by its process group', async () => {
    // like Ollama: the kernel dies, its child (the server) dies at once too (a broken pipe), and the
    // child's own child (the model runner) is left to init, out of reach of a walk by parent pid.
    // The child goes first — dead (a zombie) before the kernel can notice: no turn of the event loop,
    // so the supervisor never sees the exit — then the kernel.
    const { grandchild } = await standInKernel('ollama', `
      process.kill(sup.pid, 'SIGKILL');
      const state = () => { try { const s = readFileSync('/proc/' + sup.pid + '/stat', 'utf8'); return s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3); } catch { return 'gone'; } };
      while (state() !== 'Z' && state() !== 'gone') { /* wait, synchronously */ }
      process.kill(process.pid, 'SIGKILL');
    `);
    try {
      await until('the grandchild left to init to end', () => !alive(grandchild));
    } finally {
      try { process.kill(grandchild, 'SIGKILL'); } catch { /* ended, as it should */ }
    }
  });

  it('are stopped by the next kernel, matched by pid and start time; a recycled pid is left alone', async () => {
    const home = mkdtempSync(join(tmpdir(), 'procos-life-'));
    const leftOver = sleeper();
    const stranger = sleeper(); // same pid as a record, but another start time: not ours
    const byCommand = sleeper(); // recorded without a start time: matched by its command line
    const otherCommand = sleeper();
    await until('the sleepers to run', () => [leftOver, stranger, byCommand, otherCommand].every((c) => alive(c.pid!)));
    writeFileSync(join(home, 'children.json'), JSON.stringify({
      kernel: { pid: 999_999_9, startTime: 'long gone' },
      children: [
        { pid: leftOver.pid, startTime: await processStartTime(leftOver.pid!), what: 'engine', startedAt: '' },
        { pid: stranger.pid, startTime: 'boot:1', what: 'ollama', startedAt: '' },
        { pid: byCommand.pid, command: await processCommandLine(byCommand.pid!), what: 'worker:ai', startedAt: '' },
        { pid: otherCommand.pid, command: 'java -jar something-else.jar', what: 'worker:generic', startedAt: '' },
      ],
    }));
    const records = new ChildRecords(home);
    const stopped = await records.open();
    try {
      expect(stopped.map((r) => r.what).sort()).toEqual(['engine', 'worker:ai']);
      expect(alive(leftOver.pid!)).toBe(false);
      expect(alive(byCommand.pid!)).toBe(false);
      expect(alive(stranger.pid!)).toBe(true);
      expect(alive(otherCommand.pid!)).toBe(true);
      const now = JSON.parse(readFileSync(join(home, 'children.json'), 'utf8'));
      expect(now).toEqual({ kernel: { pid: process.pid, startTime: await processStartTime(process.pid) }, children: [] });
    } finally {
      records.close();
    }
  });

  it('are left alone while the kernel that started them still runs', async () => {
    const home = mkdtempSync(join(tmpdir(), 'procos-life-'));
    const kernel = sleeper();
    const child = sleeper();
    await until('the sleepers to run', () => alive(kernel.pid!) && alive(child.pid!));
    writeFileSync(join(home, 'children.json'), JSON.stringify({
      kernel: { pid: kernel.pid, startTime: await processStartTime(kernel.pid!) },
      children: [{ pid: child.pid, startTime: await processStartTime(child.pid!), what: 'engine', startedAt: '' }],
    }));
    const records = new ChildRecords(home);
    await expect(records.open()).rejects.toThrow(new RegExp(`another ProcOS \\(pid ${kernel.pid}\\) is running on`));
    records.close();
    expect(alive(child.pid!)).toBe(true);
    expect(JSON.parse(readFileSync(join(home, 'children.json'), 'utf8')).kernel.pid).toBe(kernel.pid); // untouched
  });
});

describe('private data dir', () => {
  it('repairs modes at start: the dir and its folders 0700, every file 0600', () => {
    const home = mkdtempSync(join(tmpdir(), 'procos-modes-'));
    chmodSync(home, 0o755);
    mkdirSync(join(home, 'engine', 'h2'), { recursive: true, mode: 0o755 });
    const files = ['procos.db', 'procos.db-wal', 'engine/credentials.json', 'engine/h2/procos.mv.db', 'engine/application.yml', 'runtime.json'];
    for (const f of files) writeFileSync(join(home, f), 'x', { mode: 0o644 });
    expect(secureDataDir(home)).toBe(files.length + 3);
    for (const d of ['', 'engine', 'engine/h2']) expect(statSync(join(home, d)).mode & 0o777).toBe(0o700);
    for (const f of files) expect(statSync(join(home, f)).mode & 0o777).toBe(0o600);
    expect(secureDataDir(home)).toBe(0); // nothing left to repair
  });

  it('creates procos.db and its WAL and SHM 0600, whatever the umask', () => {
    const home = mkdtempSync(join(tmpdir(), 'procos-modes-'));
    const store = new Store(home);
    store.updateSettings({ 'openai.apiKey': 'sk-secret' });
    try {
      for (const f of ['procos.db', 'procos.db-wal', 'procos.db-shm']) expect(statSync(join(home, f)).mode & 0o777).toBe(0o600);
    } finally {
      store.close();
    }
  });
});

describe('who listens on a port', () => {
  it('is told by pid and process tree, so engine credentials go only to our own child', async () => {
    // a stranger listening on a loopback port, started like any other process (not under `other`)
    const listener = spawn(process.execPath, ['-e',
      "const s = require('net').createServer(); s.listen(0, '127.0.0.1', () => console.log(s.address().port)); setInterval(() => {}, 1000)"],
    { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    spawned.push(listener);
    const port = await new Promise<number>((done) => listener.stdout!.once('data', (d) => done(Number(String(d).trim()))));
    const other = sleeper();
    expect(await listenerIsOwnedBy(port, listener.pid!)).toBe(true);
    expect(await listenerIsOwnedBy(port, process.pid)).toBe(true); // the listener is our descendant
    expect(await listenerIsOwnedBy(port, other.pid!)).toBe(false);
    process.kill(listener.pid!, 'SIGKILL');
    await until('the listener to end', () => !alive(listener.pid!));
    expect(await listenerIsOwnedBy(port, process.pid)).toBe(false); // nobody listens any more
  });
});
