/**
 * The real stack `npm run chaos` knocks about: `procos start --headless --port 0` in a temp
 * PROCOS_HOME (a tmpfs of its own where it may mount one, so the disk can be filled), found through
 * its runtime.json; each kernel in a process group of its own (a fault kills the whole group).
 * Remembers every process it saw (kernel, engine, Ollama, workers) so that, whatever happened,
 * `shutdown()` leaves none of them running.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHttpClient } from '../../common/http-client';
import type { ProcosClient, StatusReport } from '../../common/contract';
import { alive, descendants } from '../helpers/processes';

const root = resolve(import.meta.dirname, '..', '..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Kernel { child: ChildProcess; apiBase: string; token: string; client: ProcosClient; output: string[] }

export class ChaosStack {
  kernel?: Kernel;
  /** kernels that exited without being told to (crashes), with the end of their output */
  readonly deaths: string[] = [];
  /** pid → command line when first seen: a pid is only ever killed while it still runs that command */
  private readonly seen = new Map<number, string>();
  private expectedExit = new WeakSet<ChildProcess>();

  /** the data dir is a tmpfs of its own (mounted as root), so a fault can fill it */
  readonly onTmpfs: boolean;

  constructor(readonly home: string, tmpfsSize?: string) {
    this.onTmpfs = !!tmpfsSize && process.getuid?.() === 0
      && spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${tmpfsSize},mode=0700`, 'tmpfs', home]).status === 0;
  }

  get client(): ProcosClient { return this.kernel!.client; }

  /** Starts a kernel on the data dir and waits until it prints that it is ready. */
  async boot(timeoutMs = 300_000): Promise<number> {
    const started = performance.now();
    const child = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'start', '--headless', '--port', '0'], {
      cwd: root, env: { ...process.env, PROCOS_HOME: this.home, PROCOS_HEARTBEAT_MS: '1000' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    this.remember(child.pid!);
    const output: string[] = [];
    const onData = (d: Buffer) => { output.push(...d.toString().split('\n').filter(Boolean)); if (output.length > 400) output.splice(0, output.length - 400); };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => {
      if (!this.expectedExit.has(child)) this.deaths.push(`kernel exited (${signal ?? `code ${code}`}): ${output.slice(-5).join(' | ')}`);
    });
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`not ready in ${timeoutMs / 1000} s:\n${output.slice(-20).join('\n')}`)), timeoutMs);
      const check = () => { if (output.some((l) => l.includes('ProcOS ready at'))) { clearTimeout(timer); ok(); } };
      child.stdout!.on('data', check);
      child.on('exit', () => { clearTimeout(timer); fail(new Error(`procos start exited:\n${output.slice(-20).join('\n')}`)); });
    });
    const rt = JSON.parse(readFileSync(join(this.home, 'runtime.json'), 'utf8'));
    this.kernel = { child, apiBase: rt.apiBase, token: rt.token, client: createHttpClient({ baseUrl: rt.apiBase, token: rt.token }), output };
    await this.status();
    return (performance.now() - started) / 1000;
  }

  /** The status, remembering the pid of every component. */
  async status(): Promise<StatusReport> {
    const s = await this.client.status();
    for (const c of Object.values(s.components)) if (c.pid) this.remember(c.pid);
    return s;
  }

  private remember(pid: number) { if (!this.seen.has(pid)) this.seen.set(pid, commandLine(pid)); }

  kernelAlive(): boolean { return !!this.kernel && this.kernel.child.exitCode === null && this.kernel.child.signalCode === null; }

  /** kill -9 of the kernel process alone (its children are left to fend for themselves), or of its whole process group. */
  async killKernel(opts: { group?: boolean } = {}): Promise<void> {
    const child = this.kernel!.child;
    this.expectedExit.add(child);
    this.processes().forEach((p) => this.remember(p));
    const exited = new Promise((r) => child.once('exit', r));
    if (opts.group) process.kill(-child.pid!, 'SIGKILL');
    else child.kill('SIGKILL');
    await exited;
  }

  /** Stops the kernel as a user does (SIGTERM) and waits until it has exited. */
  async stopKernel(): Promise<void> {
    const child = this.kernel!.child;
    this.expectedExit.add(child);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  /** The kernel and every process under it (the engine and Ollama in groups of their own too). */
  processes(): number[] {
    const kernel = this.kernel?.child.pid;
    return kernel ? [kernel, ...descendants(kernel)] : [];
  }

  /**
   * Seconds until status says ready — and, when a killed component is named, until that component
   * runs as a new process (so a status that has not noticed the kill yet does not count).
   */
  async secondsUntilReady(since: number, limitS = 240, killed?: { name: string; pid?: number }): Promise<number | undefined> {
    while ((performance.now() - since) / 1000 < limitS) {
      if (!this.kernelAlive()) return undefined;
      const s = await this.status().catch(() => undefined);
      const replaced = !killed || (s?.components[killed.name]?.pid !== undefined && s.components[killed.name].pid !== killed.pid);
      if (s?.ready && replaced) return (performance.now() - since) / 1000;
      await sleep(250);
    }
    return undefined;
  }

  /** Live java processes started for this data dir (the engine), found by their command line. */
  enginesRunning(): number[] {
    const found: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (cmd.includes('java') && cmd.includes(this.home) && alive(Number(entry))) found.push(Number(entry));
      } catch { /* gone */ }
    }
    return found;
  }

  /** Stops the kernel (SIGTERM, then SIGKILL), then every process seen that still lives; removes the data dir. */
  async shutdown(): Promise<string[]> {
    const child = this.kernel?.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      this.expectedExit.add(child);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(60_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await sleep(1000);
    for (const pid of this.enginesRunning()) this.remember(pid);
    const leftovers = [...this.seen].filter(([pid, cmd]) => alive(pid) && commandLine(pid) === cmd).map(([pid]) => pid);
    for (const pid of leftovers) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    if (this.onTmpfs) spawnSync('umount', ['-l', this.home]);
    rmSync(this.home, { recursive: true, force: true });
    return leftovers.map(String);
  }
}

function commandLine(pid: number): string {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { return ''; }
}
