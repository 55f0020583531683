/**
 * The nodes of a remote engine (engine.urls, or engine.url alone), each probed on its own. The kernel's own
 * calls (monitor, tasks, deploy, status) go to one node that answers — the active one — and move to the
 * first other node that answers as soon as a probe finds the active one down; the workers poll every node
 * themselves (workers/node-polls.ts). A node that comes back is used again when the active one fails, not
 * before (no flapping). detail() names the nodes that are down and why.
 */
import { EventEmitter } from 'node:events';

export type NodeCheck = { ok: true; version?: string } | { ok: false; reason: string };

export interface NodeState { url: string; up: boolean; reason?: string; version?: string }

export class EngineNodes extends EventEmitter {
  private states: NodeState[];
  private activeUrl: string;

  constructor(urls: string[], private check: (url: string) => Promise<NodeCheck>) {
    super();
    if (!urls.length) throw new Error('an engine needs at least one node URL');
    this.states = urls.map((url) => ({ url, up: false, reason: 'not checked yet' }));
    this.activeUrl = urls[0];
  }

  get urls(): string[] { return this.states.map((s) => s.url); }
  /** the node the kernel's calls go to */
  get active(): string { return this.activeUrl; }
  get version(): string | undefined { return this.states.find((s) => s.url === this.activeUrl)?.version; }
  get down(): NodeState[] { return this.states.filter((s) => !s.up); }
  get clustered(): boolean { return this.states.length > 1; }

  /** Checks every node at once; moves the active node if it is down and another is up; emits `change`
   * when a node went down or came back, or the active node moved. True when some node answers. */
  async probe(): Promise<boolean> {
    const results = await Promise.all(this.states.map((s) => this.check(s.url).catch((e: Error): NodeCheck => ({ ok: false, reason: e.message }))));
    const before = this.summary();
    this.states = this.states.map(({ url }, i) => {
      const r = results[i];
      return r.ok ? { url, up: true, version: r.version } : { url, up: false, reason: r.reason };
    });
    if (!this.states.find((s) => s.url === this.activeUrl)?.up) {
      const next = this.states.find((s) => s.up);
      if (next) this.activeUrl = next.url;
    }
    if (this.summary() !== before) this.emit('change');
    return this.states.some((s) => s.up);
  }

  /** Why no node answers (a single node: its reason). */
  failure(): string {
    if (!this.clustered) return this.states[0].reason ?? 'not checked yet';
    return `no node of the engine cluster answers: ${this.states.map((s) => s.reason).join('; ')}`;
  }

  /** The nodes while some answer: which one the calls go to, which are down and why. */
  detail(): string {
    const down = this.down;
    const version = this.version ? ` (Camunda ${this.version})` : '';
    if (!this.clustered) return `remote engine at ${this.activeUrl}${version}`;
    return `remote engine cluster of ${this.states.length} nodes, calls go to ${this.activeUrl}${version}`
      + (down.length ? `; node${down.length > 1 ? 's' : ''} down: ${down.map((s) => `${s.url} (${s.reason})`).join(', ')}` : '; every node answers');
  }

  private summary() {
    return `${this.activeUrl} ${this.states.map((s) => `${s.url}=${s.up}`).join(' ')}`;
  }
}
