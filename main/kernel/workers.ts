/**
 * The worker pool: one supervised process per worker kind, and the registry they heartbeat to.
 * A worker is unhealthy after two missed heartbeat intervals, and restarted after five.
 * Workers follow the engine: while it is down they are told to send it nothing (so no credentials
 * reach whoever takes its port), and before it counts as ready again every worker has switched to
 * its new URL and said so.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { ComponentInfo, WorkerInfo } from '../../common/contract';
import type { ChildMessage, EngineConnection, ParentMessage, WorkerConfig } from '../../common/worker-protocol';
import { Supervisor, type ManagedProcess } from './supervisor';
import { nodeLauncher, type WorkerLauncher, type WorkerProcess } from './launcher';
import { appRoot } from './paths';
import { WORKER_KINDS } from '../../common/topics';

interface Registration {
  id: string; kind: string; pid?: number; topics: string[]; tags: string[];
  lastHeartbeat?: number; inFlight: number;
  /** the engine URL the worker polls (null while paused) */
  engineUrl?: string | null;
}

/** The engine as the pool follows it (main/kernel/engine.ts). */
export interface EngineLink {
  /** where the engine answers now, with its credentials */
  connection(): EngineConnection;
  readonly supervisor: { on(event: 'state', listener: (info: ComponentInfo) => void): unknown; readonly state: string };
  /** runs after the engine answered, before it counts as ready */
  beforeReady(hook: () => Promise<void>): void;
}

/** How long a worker may take to confirm a new engine URL before it is restarted instead. */
const ENGINE_ACK_TIMEOUT_MS = 15_000;

export interface PoolOptions {
  kinds?: readonly string[];
  launcher?: WorkerLauncher;
  entry?: string;
  config: (kind: string) => WorkerConfig;
  componentStates: () => Record<string, ComponentInfo>;
  /** the engine to follow; without it workers keep the URL of their config */
  engine?: EngineLink;
}

export class WorkerPool extends EventEmitter {
  readonly supervisors = new Map<string, Supervisor>();
  private registry = new Map<string, Registration>();
  private processes = new Map<string, WorkerProcess>();
  private watchdog?: NodeJS.Timeout;
  /** the verified engine connection; null while the engine is down; undefined before it first came up */
  private engine?: EngineConnection | null;
  /** per kind: called with the URL a worker confirmed, or undefined when it exited */
  private ackWaiters = new Map<string, (url: string | null | undefined) => void>();

  constructor(private opts: PoolOptions) {
    super();
    opts.engine?.beforeReady(() => this.followEngine(opts.engine!.connection()));
    opts.engine?.supervisor.on('state', (info) => { if (info.state !== 'ready' && this.engine) this.pauseEngine(); });
    for (const kind of opts.kinds ?? WORKER_KINDS) {
      const supervisor = new Supervisor({
        name: `worker:${kind}`,
        prepare: async () => () => this.launch(kind),
        probe: async () => this.registry.get(kind)?.pid === this.processes.get(kind)?.pid && this.registry.has(kind),
        readyTimeoutMs: 60_000,
        probeIntervalMs: 100,
        stopTimeoutMs: 20_000,
        readyDetail: () => `pid ${this.registry.get(kind)?.pid}, topics ${this.registry.get(kind)?.topics.join(', ')}`,
        url: () => this.registry.get(kind)?.engineUrl ?? undefined,
      });
      this.supervisors.set(kind, supervisor);
    }
  }

  get heartbeatMs() { return this.opts.config('system').heartbeatMs; }

  private launch(kind: string): ManagedProcess {
    this.registry.delete(kind);
    const config = this.opts.config(kind);
    const proc = (this.opts.launcher ?? nodeLauncher).launch(kind, this.opts.entry ?? join(appRoot, 'workers', 'main.ts'), {});
    this.processes.set(kind, proc);
    let exited = false;
    proc.onExit(() => {
      exited = true;
      if (this.processes.get(kind) === proc) this.processes.delete(kind);
      this.ackWaiters.get(kind)?.(undefined);
    });
    proc.onMessage((msg) => this.onMessage(kind, proc, msg));
    // started while the engine is down, or beside its first start: paused (told first) until followEngine()
    const paused = this.engine === null || (this.engine === undefined && this.opts.engine !== undefined && this.opts.engine.supervisor.state !== 'ready');
    if (paused) proc.send({ type: 'engine', engine: null });
    proc.send({ type: 'config', config });
    return {
      get pid() { return proc.pid; },
      get exited() { return exited; },
      onExit: (cb) => proc.onExit(cb),
      onOutput: (cb) => proc.onOutput?.(cb),
      kill: (signal) => {
        if (signal === 'SIGTERM') proc.send({ type: 'stop' }); // finish in-flight tasks first
        else proc.kill(signal);
      },
    };
  }

  private onMessage(kind: string, proc: WorkerProcess, msg: ChildMessage) {
    const now = Date.now();
    switch (msg.type) {
      case 'register':
        this.registry.set(kind, {
          id: `${kind}-${msg.pid}`, kind, pid: msg.pid, topics: msg.topics, tags: msg.tags, lastHeartbeat: now, inFlight: 0,
          engineUrl: msg.engineUrl,
        });
        break;
      case 'engine-ack': {
        const reg = this.registry.get(kind);
        if (reg) reg.engineUrl = msg.url;
        this.ackWaiters.get(kind)?.(msg.url);
        break;
      }
      case 'engine-lost': {
        // the worker paused itself; if the engine died the supervisor says so at once (and the answer
        // waits for the next engine); if not, it was a passing failure: the same engine again, shortly
        this.supervisors.get(kind)!.logs.push(`[${kind}] lost the engine at ${msg.url}: ${msg.reason}; waiting for the kernel`);
        const reg = this.registry.get(kind);
        if (reg) reg.engineUrl = null;
        setTimeout(() => {
          if (this.engine && this.opts.engine?.supervisor.state === 'ready' && this.processes.get(kind) === proc) proc.send({ type: 'engine', engine: this.engine });
        }, 1000);
        break;
      }
      case 'heartbeat': {
        const reg = this.registry.get(kind);
        if (reg) { reg.lastHeartbeat = now; reg.inFlight = msg.inFlight; }
        const sup = this.supervisors.get(kind)!;
        if (sup.state === 'failed' && sup.detail.startsWith('unhealthy')) sup.report('ready', `heartbeats resumed; topics ${reg?.topics.join(', ')}`);
        break;
      }
      case 'event': this.emit('event', msg.event); break;
      case 'adapters': this.emit('adapters', msg.health); break;
      case 'log': this.supervisors.get(kind)!.logs.push(msg.line); break;
      case 'request':
        if (msg.method === 'componentStates') proc.send({ type: 'response', id: msg.id, result: this.opts.componentStates() });
        else proc.send({ type: 'response', id: msg.id, error: `unknown request ${msg.method}` });
        break;
      case 'stopped': break;
    }
  }

  private checkHeartbeats() {
    const now = Date.now();
    for (const [kind, sup] of this.supervisors) {
      const reg = this.registry.get(kind);
      if (!reg?.lastHeartbeat || sup.state === 'stopped' || sup.state === 'starting') continue;
      const age = now - reg.lastHeartbeat;
      if (age > 5 * this.heartbeatMs) {
        reg.lastHeartbeat = undefined;
        void sup.restart().catch(() => { /* state says why */ });
      } else if (age > 2 * this.heartbeatMs && sup.state === 'ready') {
        sup.report('failed', `unhealthy: no heartbeat for ${Math.round(age / 1000)}s`);
      }
    }
  }

  async start() {
    this.watchdog = setInterval(() => this.checkHeartbeats(), Math.max(250, this.heartbeatMs / 2));
    await Promise.all([...this.supervisors.values()].map((s) => s.start()));
  }

  async stop() {
    clearInterval(this.watchdog);
    await Promise.all([...this.supervisors.values()].map((s) => s.stop()));
    this.registry.clear();
  }

  /** The engine is down: workers send it nothing until they hear of the next one. */
  private pauseEngine() {
    this.engine = null;
    this.broadcast({ type: 'engine', engine: null });
  }

  /** Every running worker switches to `engine` and confirms before this resolves (a worker that
   * does not confirm in time is restarted, so it comes back with the new connection). */
  async followEngine(engine: EngineConnection) {
    const previous = this.engine;
    this.engine = engine;
    // first start with no worker running yet: they will be launched with this connection
    if (previous === undefined && this.processes.size === 0) return;
    await Promise.all([...this.processes].map(([kind, proc]) => new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.ackWaiters.delete(kind);
        this.supervisors.get(kind)!.logs.push(`[${kind}] did not confirm the engine at ${engine.url}: restarting it`);
        void this.supervisors.get(kind)!.restart().catch(() => undefined);
        resolve();
      }, ENGINE_ACK_TIMEOUT_MS);
      this.ackWaiters.set(kind, (url) => {
        if (url !== undefined && url !== engine.url) return; // an answer to an earlier switch
        clearTimeout(timer);
        this.ackWaiters.delete(kind);
        resolve();
      });
      try { proc.send({ type: 'engine', engine }); } catch { this.ackWaiters.get(kind)?.(undefined); }
    })));
  }

  /** A message to every running worker process (those it does not concern ignore it). */
  broadcast(message: ParentMessage) {
    for (const proc of this.processes.values()) {
      try { proc.send(message); } catch { /* exited: its restart gets a fresh config */ }
    }
  }

  list(): WorkerInfo[] {
    const now = Date.now();
    return [...this.supervisors].map(([kind, sup]) => {
      const reg = this.registry.get(kind);
      const age = reg?.lastHeartbeat ? now - reg.lastHeartbeat : undefined;
      return {
        id: reg?.id ?? kind, kind, pid: reg?.pid, topics: reg?.topics ?? [], tags: reg?.tags ?? [],
        lastHeartbeat: reg?.lastHeartbeat, heartbeatAgeMs: age, state: sup.state,
        healthy: sup.state === 'ready' && age !== undefined && age <= 2 * this.heartbeatMs,
      };
    });
  }

  /** Discovery: healthy workers by name (kind) or by any of the tags. */
  discover(filter: { name?: string; tags?: string[] } = {}): WorkerInfo[] {
    return this.list().filter((w) => w.healthy
      && (!filter.name || w.kind === filter.name)
      && (!filter.tags?.length || filter.tags.some((t) => w.tags.includes(t))));
  }
}
