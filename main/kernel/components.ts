/**
 * What the kernel is made of: components that all answer the same questions. Each one — the
 * engine, Ollama, each worker, Java, the database, processes/, each adapter, and whatever a feature
 * registers (e.g. an event bridge) — says how it is (`info`), can be restarted (`restart`), keeps
 * its recent log (`logs`), and emits `state` when it changes. The registry knows them by name and
 * aggregates them into the status the tray and `procos status` show.
 */
import { EventEmitter } from 'node:events';
import { ApiError, type ComponentInfo, type ComponentState, type StatusReport } from '../../common/contract';
import { aggregate } from '../../common/health';
import { RingBuffer } from './ring-buffer';
import type { Supervisor } from './supervisor';

export interface Component {
  readonly name: string;
  info(): ComponentInfo;
  /** restart on request (health panel, tray): the state says how it went */
  restart(): Promise<void>;
  logs(lines?: number): string[];
  on(event: 'state', listener: (info: ComponentInfo) => void): unknown;
  off(event: 'state', listener: (info: ComponentInfo) => void): unknown;
}

const LOG_LINES = 200;

/** A supervised process (engine, Ollama, a worker) as a component. */
export function supervised(supervisor: Supervisor): Component {
  return {
    get name() { return supervisor.name; },
    info: () => supervisor.info(),
    restart: () => supervisor.restart(),
    logs: (lines = LOG_LINES) => supervisor.logs.stampedTail(lines),
    on: (event, listener) => supervisor.on(event, listener),
    off: (event, listener) => supervisor.off(event, listener),
  };
}

/** A component whose state a check sets (Java found, processes/ deployed, an adapter answering):
 * restart runs the check again; its log is the history of its states. */
export class CheckedComponent extends EventEmitter implements Component {
  private current: ComponentInfo;
  private history = new RingBuffer(LOG_LINES);

  constructor(readonly name: string, private check: () => Promise<void>, detail = 'not checked yet') {
    super();
    this.current = { name, state: 'starting', detail };
  }

  get state(): ComponentState { return this.current.state; }

  set(state: ComponentState, detail: string, extra: Partial<ComponentInfo> = {}) {
    const before = this.current;
    this.current = { ...before, ...extra, name: this.name, state, detail };
    if (state === 'ready' && before.state !== 'ready') this.current.readySince = Date.now();
    if (state !== 'ready') this.current.readySince = undefined;
    if (state === 'failed') this.current.lastError = detail;
    if (before.state === state && before.detail === detail) return;
    this.history.push(`${new Date().toISOString()} ${state}: ${detail}`);
    this.emit('state', this.info());
  }

  info(): ComponentInfo { return { ...this.current }; }
  restart(): Promise<void> { return this.check(); }
  logs(lines = LOG_LINES): string[] { return this.history.tail(lines); }
}

/** The components by name, in the order they were added. */
export class Components {
  private items = new Map<string, { component: Component; listener: (info: ComponentInfo) => void }>();

  constructor(private onState: (info: ComponentInfo) => void) {}

  add<C extends Component>(component: C): C {
    if (this.items.has(component.name)) throw new Error(`a component named "${component.name}" exists already`);
    const listener = (info: ComponentInfo) => this.onState(info);
    component.on('state', listener);
    this.items.set(component.name, { component, listener });
    return component;
  }

  remove(name: string) {
    const item = this.items.get(name);
    if (!item) return;
    item.component.off('state', item.listener);
    this.items.delete(name);
  }

  has(name: string) { return this.items.has(name); }
  names(): string[] { return [...this.items.keys()]; }
  list(): Component[] { return [...this.items.values()].map((i) => i.component); }

  /** By name; a worker also by its kind ("ai" for "worker:ai"). Unknown names are a 404. */
  get(name: string): Component {
    const item = this.items.get(name) ?? this.items.get(`worker:${name}`);
    if (!item) throw new ApiError(`no component named "${name}"; components: ${this.names().join(', ')}`, 404);
    return item.component;
  }

  status(): StatusReport {
    return aggregate(Object.fromEntries(this.list().map((c) => [c.name, c.info()])));
  }
}
