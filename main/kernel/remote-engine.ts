/**
 * Remote engine mode: ProcOS attaches to an existing Camunda 7 REST API (engine.url / engine.user /
 * engine.password, or PROCOS_ENGINE_URL / _USER / _PASSWORD) — or to the nodes of an engine cluster
 * (engine.urls / PROCOS_ENGINE_URLS) — and starts no engine of its own. The component probes each node
 * with the credentials (engine-nodes.ts); while none answers as a Camunda engine, status says why
 * (unreachable, credentials refused, not a Camunda REST API) and the probe is retried with backoff,
 * without end: a server that comes back is picked up by itself. Of a cluster, the engine is ready while
 * one node answers: the kernel's calls move to a node that answers, and status names the nodes that are down.
 */
import { Supervisor } from './supervisor';
import { supervised, type Component } from './components';
import type { EngineAuth } from './camunda-rest';
import type { EngineConnection } from '../../common/worker-protocol';
import { engineAuthHeaders } from '../../common/engine-auth';
import { EngineNodes } from './engine-nodes';

export interface RemoteEngineSettings { url: string; /** further nodes of the cluster */ urls?: string[]; user?: string; password?: string }

export type RemoteCheck = { ok: true; version?: string } | { ok: false; reason: string };

/** Normalises a REST base URL: no trailing slash. Refuses what is not an http(s) URL, saying so. */
export function remoteEngineUrl(url: string): string {
  let parsed: URL;
  try { parsed = new URL(url); } catch { throw new Error(`engine.url "${url}" is not a URL: expected e.g. http://camunda.example:8080/engine-rest`); }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`engine.url "${url}" must be an http(s) URL of a Camunda 7 REST API, e.g. http://camunda.example:8080/engine-rest`);
  }
  if (parsed.username || parsed.password) throw new Error('engine.url must not carry credentials: set engine.user and engine.password (or PROCOS_ENGINE_USER / PROCOS_ENGINE_PASSWORD)');
  return url.replace(/\/+$/, '');
}

/** Does a Camunda 7 REST API answer at `url` with these credentials? A reason a person can act on if not. */
export async function checkRemoteEngine(settings: RemoteEngineSettings, timeoutMs = 5000): Promise<RemoteCheck> {
  const url = settings.url.replace(/\/+$/, '');
  const headers = engineAuthHeaders(settings);
  let res: Response;
  try {
    res = await fetch(`${url}/engine`, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (error) {
    const e = error as Error & { cause?: Error & { code?: string } };
    const why = e.name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, reason: `remote engine ${url} is unreachable (${why}): check engine.url / PROCOS_ENGINE_URL, or start that engine` };
  }
  const notCamunda = (what: string) => ({ ok: false as const,
    reason: `${url} is not a Camunda 7 REST API (${what}): engine.url should be the REST base, e.g. http://host:8080/engine-rest` });
  // GET /engine lists the process engines and needs no credentials (Camunda lets it through)
  if (!res.ok && res.status !== 401 && res.status !== 403) return notCamunda(`GET /engine answered HTTP ${res.status}`);
  if (res.ok) {
    let engines: unknown;
    try { engines = JSON.parse(await res.text()); } catch { return notCamunda('GET /engine did not answer JSON'); }
    if (!Array.isArray(engines) || !engines.every((e) => e && typeof e.name === 'string')) return notCamunda('GET /engine did not list process engines');
  }
  // a call that needs authentication proves the credentials
  let auth: Response;
  try {
    auth = await fetch(`${url}/process-definition/count`, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (error) {
    return { ok: false, reason: `remote engine ${url} stopped answering (${(error as Error).message}): retrying` };
  }
  if (auth.status === 401 || auth.status === 403) {
    return { ok: false, reason: `remote engine ${url} refused the credentials${settings.user ? ` of user "${settings.user}"` : ' (none given)'} (HTTP ${auth.status}): check engine.user / engine.password (PROCOS_ENGINE_USER / PROCOS_ENGINE_PASSWORD)` };
  }
  if (!auth.ok) return notCamunda(`GET /process-definition/count answered HTTP ${auth.status}`);
  const count = await auth.json().catch(() => undefined) as { count?: unknown } | undefined;
  if (typeof count?.count !== 'number') return notCamunda('GET /process-definition/count did not answer a count');
  const version = await fetch(`${url}/version`, { headers, signal: AbortSignal.timeout(timeoutMs) })
    .then(async (r) => (r.ok ? ((await r.json()) as { version?: string }).version : undefined)).catch(() => undefined);
  return { ok: true, version };
}

/** How often the nodes of a cluster are checked while one answers: a node that dies is left within this
 * plus a check's timeout. */
const CLUSTER_CHECK_MS = 2000;
const CLUSTER_CHECK_TIMEOUT_MS = 3000;

/** The remote engine as the kernel sees it: the same surface as the embedded Engine, no process. */
export class RemoteEngine {
  readonly mode = 'remote' as const;
  readonly creds: { user: string; password: string };
  readonly supervisor: Supervisor;
  /** its nodes: one, or the nodes of a cluster */
  readonly nodes: EngineNodes;
  private readyHooks: (() => Promise<void>)[] = [];

  constructor(settings: RemoteEngineSettings) {
    const urls = [...new Set([settings.url, ...(settings.urls ?? [])].map(remoteEngineUrl))];
    this.creds = { user: settings.user ?? '', password: settings.password ?? '' };
    const timeoutMs = urls.length > 1 ? CLUSTER_CHECK_TIMEOUT_MS : undefined;
    this.nodes = new EngineNodes(urls, (url) => checkRemoteEngine({ url, ...this.creds }, timeoutMs));
    this.supervisor = new Supervisor({
      name: 'engine',
      prepare: async () => null, // attached: nothing to start, only probed
      probe: async () => {
        if (!(await this.nodes.probe())) throw new Error(this.nodes.failure());
        return true;
      },
      afterReady: async () => { for (const hook of this.readyHooks) await hook(); },
      watchIntervalMs: this.nodes.clustered ? CLUSTER_CHECK_MS : 5000,
      maxConsecutiveFailures: Number.POSITIVE_INFINITY, // a remote engine may come back at any time
      backoffBaseMs: 1000,
      backoffMaxMs: this.nodes.clustered ? 5000 : 30_000,
      url: () => this.restUrl,
      version: () => (this.nodes.version ? `Camunda ${this.nodes.version} (remote)` : undefined),
      readyDetail: () => this.readyDetail(),
    });
    this.nodes.on('change', () => this.supervisor.logs.push(this.readyDetail()));
  }

  /** the REST API the kernel's calls go to (of a cluster: a node that answers) */
  get restUrl() { return this.nodes.active; }
  readyDetail() { return `${this.nodes.detail()}, user ${this.creds.user || '(none)'}`; }
  /** Cockpit of a Camunda Run next to its REST API (…/engine-rest → …/camunda). */
  get webUrl() { return this.restUrl.replace(/\/engine-rest$/, '') + '/camunda'; }
  auth = (): EngineAuth => ({ url: this.restUrl, user: this.creds.user, password: this.creds.password });
  /** for the workers: every node (they poll each), the active one first */
  connection = (): EngineConnection => ({ url: this.restUrl, urls: this.nodes.urls, user: this.creds.user, password: this.creds.password });
  beforeReady(hook: () => Promise<void>) { this.readyHooks.push(hook); }
}

/** The remote engine from the resolved configuration; a remote mode without a URL is refused, saying how to fix it. */
export function remoteEngineFrom(engine: { url?: string; urls?: string[]; user?: string; password?: string }): RemoteEngine {
  const [url, ...urls] = [...(engine.url ? [engine.url] : []), ...(engine.urls ?? [])];
  if (!url) throw new Error('engine.mode is "remote" but no engine.url is set: set engine.url (or PROCOS_ENGINE_URL) to the Camunda 7 REST API, e.g. http://camunda.example:8080/engine-rest — or engine.urls (PROCOS_ENGINE_URLS) to the nodes of a cluster');
  return new RemoteEngine({ url, urls, user: engine.user, password: engine.password });
}

/** The engine as a component, embedded or remote: its status entry carries the mode and the URL. Of a
 * remote cluster, a node going down or coming back is a state event too, and the detail says it. */
export function engineComponent(engine: { mode: 'embedded' | 'remote'; supervisor: Supervisor; nodes?: EngineNodes; readyDetail?(): string }): Component {
  const component = supervised(engine.supervisor);
  const info = () => {
    const current = component.info();
    const live = engine.nodes?.clustered && current.state === 'ready' ? engine.readyDetail?.() : undefined;
    return { ...current, mode: engine.mode, ...(live ? { detail: live } : {}) };
  };
  const onNodes = new Map<(i: ReturnType<typeof info>) => void, () => void>();
  return {
    name: component.name,
    info,
    restart: () => component.restart(),
    logs: (lines) => component.logs(lines),
    on: (event, listener) => {
      if (engine.nodes && !onNodes.has(listener)) {
        const onChange = () => { if (engine.supervisor.state === 'ready') listener(info()); };
        onNodes.set(listener, onChange);
        engine.nodes.on('change', onChange);
      }
      return component.on(event, listener);
    },
    off: (event, listener) => {
      const onChange = onNodes.get(listener);
      if (onChange) { engine.nodes?.off('change', onChange); onNodes.delete(listener); }
      return component.off(event, listener);
    },
  };
}
