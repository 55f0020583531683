/**
 * Remote engine mode: ProcOS attaches to an existing Camunda 7 REST API (engine.url / engine.user /
 * engine.password, or PROCOS_ENGINE_URL / _USER / _PASSWORD) and starts no engine of its own. The
 * component probes the API with the credentials; while it does not answer as a Camunda engine, status
 * says why (unreachable, credentials refused, not a Camunda REST API) and the probe is retried with
 * backoff, without end: a server that comes back is picked up by itself.
 */
import { Supervisor } from './supervisor';
import { supervised, type Component } from './components';
import type { EngineAuth } from './camunda-rest';
import type { EngineConnection } from '../../common/worker-protocol';
import { engineAuthHeaders } from '../../common/engine-auth';

export interface RemoteEngineSettings { url: string; user?: string; password?: string }

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

/** The remote engine as the kernel sees it: the same surface as the embedded Engine, no process. */
export class RemoteEngine {
  readonly mode = 'remote' as const;
  readonly restUrl: string;
  readonly creds: { user: string; password: string };
  readonly supervisor: Supervisor;
  private version?: string;
  private readyHooks: (() => Promise<void>)[] = [];

  constructor(settings: RemoteEngineSettings) {
    this.restUrl = remoteEngineUrl(settings.url);
    this.creds = { user: settings.user ?? '', password: settings.password ?? '' };
    this.supervisor = new Supervisor({
      name: 'engine',
      prepare: async () => null, // attached: nothing to start, only probed
      probe: async () => {
        const check = await checkRemoteEngine({ url: this.restUrl, ...this.creds });
        if (!check.ok) throw new Error(check.reason);
        this.version = check.version;
        return true;
      },
      afterReady: async () => { for (const hook of this.readyHooks) await hook(); },
      watchIntervalMs: 5000,
      maxConsecutiveFailures: Number.POSITIVE_INFINITY, // a remote engine may come back at any time
      backoffBaseMs: 1000,
      backoffMaxMs: 30_000,
      url: () => this.restUrl,
      version: () => (this.version ? `Camunda ${this.version} (remote)` : undefined),
      readyDetail: () => `remote engine at ${this.restUrl}${this.version ? ` (Camunda ${this.version})` : ''}, user ${this.creds.user || '(none)'}`,
    });
  }

  /** Cockpit of a Camunda Run next to its REST API (…/engine-rest → …/camunda). */
  get webUrl() { return this.restUrl.replace(/\/engine-rest$/, '') + '/camunda'; }
  auth = (): EngineAuth => ({ url: this.restUrl, user: this.creds.user, password: this.creds.password });
  connection = (): EngineConnection => ({ url: this.restUrl, user: this.creds.user, password: this.creds.password });
  beforeReady(hook: () => Promise<void>) { this.readyHooks.push(hook); }
}

/** The remote engine from the resolved configuration; a remote mode without a URL is refused, saying how to fix it. */
export function remoteEngineFrom(engine: { url?: string; user?: string; password?: string }): RemoteEngine {
  if (!engine.url) throw new Error('engine.mode is "remote" but no engine.url is set: set engine.url (or PROCOS_ENGINE_URL) to the Camunda 7 REST API, e.g. http://camunda.example:8080/engine-rest');
  return new RemoteEngine({ url: engine.url, user: engine.user, password: engine.password });
}

/** The engine as a component, embedded or remote: its status entry carries the mode and the URL. */
export function engineComponent(engine: { mode: 'embedded' | 'remote'; supervisor: Supervisor }): Component {
  const component = supervised(engine.supervisor);
  return {
    name: component.name,
    info: () => ({ ...component.info(), mode: engine.mode }),
    restart: () => component.restart(),
    logs: (lines) => component.logs(lines),
    on: (event, listener) => component.on(event, listener),
    off: (event, listener) => component.off(event, listener),
  };
}
