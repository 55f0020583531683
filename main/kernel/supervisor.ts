/**
 * Supervises one child process: spawn, readiness probe, restart with exponential backoff,
 * crash-loop cut-off (marked failed with the reason), a log ring buffer, and a graceful stop that
 * leaves no orphans (the child's whole tree is signalled, see processes/tree-kill.ts). A failure's detail
 * is the root cause found in the child's output, and a signal is named ("killed by SIGKILL").
 * Every child is recorded (children.ts) while it runs, so none outlives the kernel.
 */
import { EventEmitter } from 'node:events';
import type { ComponentInfo, ComponentState } from '../../common/contract';
import { activeChildRecords } from './children';
import { watchLiveness, type Liveness, type LivenessOptions } from './liveness';
import { spawnManaged, type ManagedProcess, type SpawnSpec } from './managed-process';
import { RingBuffer } from './ring-buffer';
import { rootCause } from './root-cause';

export interface SupervisorOptions {
  name: string;
  /** called before every start: writes config, picks ports, returns what to run — or null when the
   * component is external (attached): then it is only probed, every watchIntervalMs */
  prepare(): Promise<SpawnSpec | (() => ManagedProcess) | null>;
  watchIntervalMs?: number;
  /** resolves true once the component serves; polled until readyTimeoutMs (an attached component's
   * probe may reject with the reason it is not up: that becomes the detail) */
  probe(): Promise<boolean>;
  /** probed on while ready; a process that stops answering is restarted like a crash (liveness.ts) */
  liveness?: LivenessOptions;
  /** a reason to hold restarts for now (e.g. no space left for its data): it waits, failed, with the
   * reason, until something restarts it */
  holdRestart?(): string | undefined;
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
  explainExit?(cause: string | undefined, output: string[]): Promise<{ detail: string; permanent: boolean } | undefined>;
  /** looks at a process that stopped answering (liveness): what it was doing, if it can be told */
  explainHang?(): Promise<string | undefined>;
  stopTimeoutMs?: number;
  logLines?: number;
  /** the detail shown while ready */
  readyDetail?: () => string;
  port?: () => number | undefined;
  url?: () => string | undefined;
  version?: () => string | undefined;
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
  private liveness?: Liveness;
  /** why the kernel itself ended the running process (it hung): the reason its exit is given */
  private endedBecause?: string;
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
    this.liveness?.stop();
    this.endedBecause = undefined;
    // a retry keeps saying why the last start failed
    const last = this.failures && this.lastError ? `; last time: ${this.lastError}` : '';
    this.setState('starting', this.restarts ? `restarting (attempt ${this.failures + 1}${last})` : 'starting');
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
        this.watchLiveness(child);
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

  /** While ready: probed on; not answering → failed with the reason; for the whole grace → ended and restarted. */
  private watchLiveness(child: ManagedProcess) {
    if (!this.opts.liveness) return;
    const current = () => this.child === child && !this.stopping;
    const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
    this.liveness = watchLiveness(this.opts.liveness, {
      notAnswering: (why, silentMs, restartInMs) => {
        if (!current()) return;
        this.lastError = `not answering: ${why}`;
        const since = silentMs >= 1000 ? ` for ${seconds(silentMs)}` : '';
        this.setState('failed', `not answering${since}: ${why}; restarted in ${seconds(restartInMs)} unless it answers`);
      },
      answering: async () => {
        if (!current()) return;
        try { await this.opts.afterReady?.(); } catch (err) { this.logs.push(`[kernel] answering again, but setup failed: ${(err as Error).message}`); }
        if (!current()) return;
        this.readySince = Date.now();
        this.setState('ready', this.opts.readyDetail?.() ?? 'running');
      },
      hung: async (why, silentMs) => {
        const known = await this.opts.explainHang?.().catch(() => undefined);
        if (!current()) return;
        this.endedBecause = `not answering for ${seconds(silentMs)} (${known ?? why})`;
        this.logs.push(`[kernel] ${this.endedBecause}: ending it to start it again`);
        child.kill('SIGKILL');
      },
    });
  }

  private async onCrash(code: number | null, signal: NodeJS.Signals | null, output: RingBuffer) {
    const generation = this.generation;
    if (this.endedBecause) return this.fail(`${this.endedBecause}, so it was ended`, true);
    const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
    // killed: the signal is the reason (what it said before is not)
    const cause = signal ? undefined : rootCause(output.tail());
    const explained = await this.opts.explainExit?.(cause, output.tail(50)).catch(() => undefined);
    if (this.stopping || generation !== this.generation) return;
    if (explained?.permanent) return this.fail(explained.detail, false);
    const said = explained?.detail ?? cause;
    this.fail(`process ${why}${said ? `: ${said}` : ''}`, true);
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
    const held = this.opts.holdRestart?.();
    if (held) {
      this.setState('failed', `${reason}; ${held}`);
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

  /** The kernel judged the running process hung (e.g. no heartbeats while the kernel ran): it is
   * ended at once (a hung process would not stop by itself) and started again, with the reason. */
  async restartHung(reason: string): Promise<void> {
    this.lastError = reason;
    this.logs.push(`[kernel] ${reason}: ending it to start it again`);
    this.setState('starting', `${reason}: restarting it`);
    await this.stop({ restarting: true, hard: true });
    this.restarts++;
    await this.start();
  }

  /** Asks the liveness probe now (e.g. once a full disk has room again: a database may have closed
   * itself meanwhile); a component that fails it, or is failed, is started again with `reason`. */
  async verify(reason: string): Promise<void> {
    if (this.state === 'failed') return this.restart();
    if (this.state !== 'ready' || !this.opts.liveness) return;
    const why = await this.opts.liveness.probe(AbortSignal.timeout(5000))
      .then((ok) => (ok ? undefined : 'its probe failed'), (err: Error) => err.message);
    if (why && this.state === 'ready') await this.restartHung(`${reason}: ${why}`);
  }

  /** hard: SIGKILL at once, for a process that does not answer */
  async stop(opts: { restarting?: boolean; hard?: boolean } = {}): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.watchTimer);
    this.liveness?.stop();
    const child = this.child;
    if (child && !child.exited) {
      const exited = new Promise((r) => child.onExit(r));
      child.kill(opts.hard ? 'SIGKILL' : 'SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(this.opts.stopTimeoutMs ?? 15_000).then(() => true)]);
      if (timedOut) { child.kill('SIGKILL'); await exited; }
    }
    this.child = undefined;
    if (!opts.restarting) this.setState('stopped', 'stopped');
  }
}
