/**
 * Supervises one child process: spawn, readiness probe, restart with exponential backoff,
 * crash-loop cut-off (marked failed with the reason), a log ring buffer, and a graceful stop that
 * leaves no orphans (the child's whole tree is signalled, see processes/tree-kill.ts). A failure's detail
 * is the root cause found in the child's output, and a signal is named ("killed by SIGKILL").
 * Every child is recorded (children.ts) while it runs, so none outlives the kernel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { ComponentInfo, ComponentState } from '../../common/contract';
import { activeChildRecords } from './children';
import { OWN_PROCESS_GROUP, signalTree } from './processes/tree-kill';
import { rootCause } from './root-cause';

export interface SpawnSpec { command: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string }

/** A running child as the supervisor sees it (a spawned binary, or a worker from a launcher). */
export interface ManagedProcess {
  readonly pid?: number;
  onExit(cb: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  onOutput(cb: (chunk: string) => void): void;
  /** signal the process (and what it started, where it can be told) */
  kill(signal: NodeJS.Signals): void;
  readonly exited: boolean;
}

/** Runs a binary in its own process group (POSIX), so stopping it stops everything it started. */
export function spawnManaged(spec: SpawnSpec): ManagedProcess {
  const child: ChildProcess = spawn(spec.command, spec.args, {
    env: spec.env ?? process.env, cwd: spec.cwd, detached: OWN_PROCESS_GROUP, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true,
  });
  let exited = false;
  const exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  let notified = false;
  const notify = (code: number | null, signal: NodeJS.Signals | null) => {
    if (notified) return;
    notified = true;
    exitListeners.forEach((cb) => cb(code, signal));
  };
  child.on('exit', (code, signal) => {
    exited = true;
    // whatever it started and left behind in its group (e.g. Ollama's model runners) goes with it
    if (child.pid) signalTree(child.pid, 'SIGKILL', { groupOnly: true });
    // listeners hear of it once its last output is read ('close'), or soon after if a straggler holds the pipe
    child.once('close', () => notify(code, signal));
    setTimeout(() => notify(code, signal), 500).unref();
  });
  child.on('error', (err) => { if (!exited) { exited = true; notify(127, null); } void err; });
  return {
    get pid() { return child.pid; },
    get exited() { return exited; },
    onExit: (cb) => { exitListeners.push(cb); },
    onOutput: (cb) => { child.stdout!.on('data', (d) => cb(String(d))); child.stderr!.on('data', (d) => cb(String(d))); },
    kill: (signal) => {
      if (child.pid && !exited) signalTree(child.pid, signal);
      else try { child.kill(signal); } catch { /* gone */ }
    },
  };
}

export interface SupervisorOptions {
  name: string;
  /** called before every start: writes config, picks ports, returns what to run — or null when the
   * component is external (attached): then it is only probed, every watchIntervalMs */
  prepare(): Promise<SpawnSpec | (() => ManagedProcess) | null>;
  watchIntervalMs?: number;
  /** resolves true once the component serves; polled until readyTimeoutMs (an attached component's
   * probe may reject with the reason it is not up: that becomes the detail) */
  probe(): Promise<boolean>;
  /** runs once after each successful probe (e.g. create the default model) */
  afterReady?(): Promise<void>;
  readyTimeoutMs?: number;
  probeIntervalMs?: number;
  /** restart delays: base * 2^n, capped */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** this many failed starts in a row without reaching ready → failed, no more restarts */
  maxConsecutiveFailures?: number;
  /** looks at the root cause of an exit: a permanent one (e.g. a database locked by a stranger)
   * fails at once with the detail given, instead of restarting */
  explainExit?(cause: string | undefined): Promise<{ detail: string; permanent: boolean } | undefined>;
  stopTimeoutMs?: number;
  logLines?: number;
  /** the detail shown while ready */
  readyDetail?: () => string;
  port?: () => number | undefined;
  url?: () => string | undefined;
  version?: () => string | undefined;
}

export class RingBuffer {
  private lines: string[] = [];
  private times: number[] = [];
  constructor(private size: number) {}
  push(line: string) {
    this.lines.push(line); this.times.push(Date.now());
    if (this.lines.length > this.size) { this.lines.shift(); this.times.shift(); }
  }
  tail(n = this.size) { return this.lines.slice(-n); }
  /** the tail with the time each line arrived, as an ISO prefix (what the health panel's log shows) */
  stampedTail(n = this.size) { return this.lines.slice(-n).map((l, i, all) => `${new Date(this.times[this.times.length - all.length + i]).toISOString()} ${l}`); }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Supervisor extends EventEmitter {
  state: ComponentState = 'stopped';
  detail = 'not started';
  restarts = 0;
  lastError?: string;
  readySince?: number;
  readonly logs: RingBuffer;
  private child?: ManagedProcess;
  private failures = 0;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private watchTimer?: NodeJS.Timeout;
  private generation = 0;

  constructor(private opts: SupervisorOptions) {
    super();
    this.logs = new RingBuffer(opts.logLines ?? 400);
  }

  get name() { return this.opts.name; }
  get pid() { return this.child?.pid; }

  info(): ComponentInfo {
    return {
      name: this.name, state: this.state, detail: this.detail, restarts: this.restarts,
      lastError: this.lastError, pid: this.child?.pid, readySince: this.readySince,
      port: this.opts.port?.(), url: this.opts.url?.(), version: this.opts.version?.(),
    };
  }

  private setState(state: ComponentState, detail: string) {
    this.state = state;
    this.detail = detail;
    if (state !== 'ready') this.readySince = undefined;
    this.emit('state', this.info());
  }

  /** A judgement from outside the process (e.g. missed heartbeats) while it runs. */
  report(state: 'ready' | 'failed', detail: string) {
    if (state === 'failed') this.lastError = detail;
    else this.readySince = Date.now();
    this.setState(state, detail);
  }

  /** Starts and resolves once ready, or rejects when the component ends up failed. */
  async start(): Promise<void> {
    this.stopping = false;
    this.failures = 0;
    await this.launch();
    if (this.state === 'ready') return;
    if (this.state === 'failed') throw new Error(`${this.name}: ${this.detail}`);
    await new Promise<void>((resolve, reject) => {
      const onState = (info: ComponentInfo) => {
        if (info.state === 'ready') { this.off('state', onState); resolve(); }
        if (info.state === 'failed' || info.state === 'stopped') {
          this.off('state', onState);
          reject(new Error(`${this.name}: ${info.detail}`));
        }
      };
      this.on('state', onState);
    });
  }

  private async launch(): Promise<void> {
    const generation = ++this.generation;
    this.setState('starting', this.restarts ? `restarting (attempt ${this.failures + 1})` : 'starting');
    let spec: SpawnSpec | (() => ManagedProcess) | null;
    try {
      spec = await this.opts.prepare();
    } catch (err) {
      return this.fail(`cannot start: ${(err as Error).message}`, false);
    }
    if (spec === null) return this.watchExternal();
    let child: ManagedProcess;
    try {
      child = typeof spec === 'function' ? spec() : spawnManaged(spec);
    } catch (err) {
      return this.fail(`cannot start: ${(err as Error).message}`, true);
    }
    this.child = child;
    const output = new RingBuffer(2000); // this run's output, where the root cause of its failure is looked for
    const pid = child.pid;
    if (pid) void activeChildRecords()?.add(this.name, pid).catch(() => undefined);
    child.onOutput((chunk) => {
      for (const line of chunk.split('\n')) if (line.trim()) {
        this.logs.push(line);
        output.push(line);
        this.emit('log', line);
      }
    });
    child.onExit((code, signal) => {
      if (pid) activeChildRecords()?.remove(pid);
      if (this.child === child) this.child = undefined;
      if (this.stopping || generation !== this.generation) return;
      void this.onCrash(code, signal, output);
    });

    const deadline = Date.now() + (this.opts.readyTimeoutMs ?? 180_000);
    while (Date.now() < deadline && this.child === child && !this.stopping) {
      if (await this.opts.probe().catch(() => false)) {
        try {
          await this.opts.afterReady?.();
        } catch (err) {
          return this.fail(`started but setup failed: ${(err as Error).message}`, false);
        }
        if (this.child !== child) return;
        this.failures = 0;
        this.readySince = Date.now();
        this.setState('ready', this.opts.readyDetail?.() ?? 'running');
        return;
      }
      await sleep(this.opts.probeIntervalMs ?? 250);
    }
    if (this.child === child && !this.stopping) {
      child.kill('SIGKILL');
      const cause = rootCause(output.tail());
      this.fail(`did not become ready in time${cause ? `; last said: ${cause}` : ''}`, true);
    }
  }

  private async onCrash(code: number | null, signal: NodeJS.Signals | null, output: RingBuffer) {
    const generation = this.generation;
    const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
    // killed: the signal is the reason (what it said before is not)
    const cause = signal ? undefined : rootCause(output.tail());
    const explained = await this.opts.explainExit?.(cause).catch(() => undefined);
    if (this.stopping || generation !== this.generation) return;
    if (explained?.permanent) return this.fail(explained.detail, false);
    this.fail(`process ${why}${cause ? `: ${explained?.detail ?? cause}` : ''}`, true);
  }

  /** An attached component: ready while it answers. When it stops answering, it counts as a crash:
   * the next start (after backoff) may attach again or run its own. */
  private async watchExternal() {
    const generation = this.generation;
    const check = async () => {
      if (generation !== this.generation || this.stopping) return;
      let why: string | undefined; // a probe may reject with the reason it does not count as up
      const ok = await this.opts.probe().catch((err: unknown) => { why = (err as Error)?.message; return false; });
      if (ok && this.state !== 'ready') {
        try { await this.opts.afterReady?.(); } catch (err) { return this.fail(`attached, but setup failed: ${(err as Error).message}`, false); }
        this.failures = 0;
        this.readySince = Date.now();
        this.setState('ready', this.opts.readyDetail?.() ?? 'attached to a running instance');
      } else if (!ok) {
        clearInterval(this.watchTimer);
        this.fail(why ?? 'the attached instance stopped answering', true);
      }
    };
    await check();
    if (this.state === 'ready') this.watchTimer = setInterval(() => { void check(); }, this.opts.watchIntervalMs ?? 5000);
  }

  private fail(reason: string, retry: boolean) {
    this.lastError = reason;
    this.failures++;
    const max = this.opts.maxConsecutiveFailures ?? 5;
    if (!retry || this.failures >= max) {
      this.setState('failed', this.failures >= max ? `gave up after ${this.failures} failed starts: ${reason}` : reason);
      return;
    }
    const delay = Math.min((this.opts.backoffBaseMs ?? 500) * 2 ** (this.failures - 1), this.opts.backoffMaxMs ?? 30_000);
    this.setState('starting', `${reason}; restarting in ${Math.round(delay / 100) / 10}s`);
    this.restartTimer = setTimeout(() => { this.restarts++; void this.launch(); }, delay);
  }

  /** Restart on request (health panel, tray): says so at once, stops, starts again. */
  async restart(): Promise<void> {
    this.setState('starting', 'restart requested: stopping the running process');
    await this.stop({ restarting: true });
    this.restarts++;
    await this.start();
  }

  async stop(opts: { restarting?: boolean } = {}): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.watchTimer);
    const child = this.child;
    if (child && !child.exited) {
      const exited = new Promise((r) => child.onExit(r));
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(this.opts.stopTimeoutMs ?? 15_000).then(() => true)]);
      if (timedOut) { child.kill('SIGKILL'); await exited; }
    }
    this.child = undefined;
    if (!opts.restarting) this.setState('stopped', 'stopped');
  }
}
