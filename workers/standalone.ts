/**
 * `procos worker`: every worker kind's handlers in this one process, against any Camunda 7 REST engine,
 * without a ProcOS kernel. Logs to stdout; stops (finishing in-flight tasks) on SIGINT/SIGTERM.
 * Its configuration is the kernel's (common/settings.ts) from the environment alone, checked the same
 * way (a bad variable is named): PROCOS_ENGINE_URL or _URLS (every node of a cluster), _USER, _PASSWORD (the CLI's flags win),
 * PROCOS_OLLAMA_URL, PROCOS_DEFAULT_MODEL, OPENAI_BASE_URL + OPENAI_API_KEY (+ OPENAI_MODEL),
 * SMTP_HOST/SMTP_PORT/SMTP_SECURE/SMTP_USER/SMTP_PASSWORD/SMTP_FROM, SLACK_TOKEN/SLACK_WEBHOOK_URL/SLACK_API_URL.
 */
import type { ComponentInfo } from '../common/contract';
import { adapterHealth } from './adapters';
import { ollamaAnswers } from '../common/ai-providers';
import { startWorker, type WorkerIO } from './base';
import type { HandlerSet } from './handler';
import { loadWorkerKind } from './kinds';
import { WORKER_KINDS } from '../common/topics';
import { engineNodeUrls, type WorkerConfig } from '../common/worker-protocol';
import { engineAuthHeaders } from '../common/engine-auth';
import { DEFAULTS, resolveConfig, settingProblems, workerConfigOf } from '../common/settings';

/** What the command line gives (`--engine` once per node of a cluster); the rest comes from the environment. */
export interface StandaloneOptions { engineUrls?: string[]; user?: string; password?: string; topics?: string[] }

/** The engine a standalone worker uses when neither a flag nor PROCOS_ENGINE_URL(S) names one. */
export const STANDALONE_ENGINE_URL = `http://127.0.0.1:${DEFAULTS.enginePort}/engine-rest`;

export function standaloneConfig(opts: StandaloneOptions, env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const config = resolveConfig({}, env);
  const fromEnv = [...(config.engine.url ? [config.engine.url] : []), ...(config.engine.urls ?? [])];
  const urls = opts.engineUrls?.length ? opts.engineUrls : fromEnv.length ? fromEnv : [STANDALONE_ENGINE_URL];
  for (const url of urls) {
    const wrong = settingProblems('engine.url', url);
    if (wrong.length) throw new Error(`--engine ${url}: ${wrong[0].slice('engine.url: '.length)}`);
  }
  const [url, ...others] = urls.map((u) => u.replace(/\/+$/, ''));
  return workerConfigOf(config, {
    kind: 'standalone',
    topics: opts.topics?.length ? opts.topics : undefined,
    engine: { url, urls: others.length ? [url, ...others] : undefined, user: opts.user ?? config.engine.user, password: opts.password ?? config.engine.password },
    ollama: { url: config.ollama.url, defaultModel: config.ollama.model },
  });
}

/** One kind holding every handler of every worker kind. */
export async function allHandlers(): Promise<HandlerSet> {
  const kinds = await Promise.all(WORKER_KINDS.map(loadWorkerKind));
  return {
    kind: 'standalone',
    tags: [...new Set(kinds.flatMap((k) => k.tags))],
    handlers: Object.assign({}, ...kinds.map((k) => k.handlers)),
  };
}

/** The engine as this process sees it: of a cluster, ready while one node answers, naming those that do not. */
async function checkEngineNodes(config: WorkerConfig): Promise<ComponentInfo> {
  const urls = engineNodeUrls(config.engine);
  const nodes = await Promise.all(urls.map((url) => checkEngine({ ...config, engine: { ...config.engine, url } })));
  const up = nodes.filter((n) => n.state === 'ready');
  if (urls.length === 1 || !up.length) return up.length ? nodes[0] : { ...nodes[0], detail: nodes.map((n) => n.detail).join('; ') };
  const down = nodes.filter((n) => n.state !== 'ready');
  return { name: 'engine', state: 'ready', url: up[0].url, detail: `${up.length} of ${urls.length} nodes answer${down.length ? `; down: ${down.map((n) => n.detail).join('; ')}` : ''}` };
}

/** What `system_health_check` reports when there is no kernel: what this process can see. */
async function localComponentStates(config: WorkerConfig): Promise<Record<string, ComponentInfo>> {
  const engine = await checkEngineNodes(config);
  const ollama: ComponentInfo = (await ollamaAnswers(config.ollama.url))
    ? { name: 'ollama', state: 'ready', detail: 'answers', url: config.ollama.url }
    : { name: 'ollama', state: 'failed', detail: 'does not answer', url: config.ollama.url };
  return { engine, ollama, ...(await adapterHealth(config)) };
}

export async function checkEngine(config: WorkerConfig): Promise<ComponentInfo> {
  const { url } = config.engine;
  try {
    const res = await fetch(`${url}/engine`, { headers: engineAuthHeaders(config.engine), signal: AbortSignal.timeout(5000) });
    if (res.status === 401) return { name: 'engine', state: 'failed', detail: `${url} rejected the credentials: pass --user and --password`, url };
    if (!res.ok) return { name: 'engine', state: 'failed', detail: `${url}/engine answered HTTP ${res.status}: is this a Camunda 7 REST API?`, url };
    return { name: 'engine', state: 'ready', detail: 'answers', url };
  } catch (error) {
    const e = error as Error & { cause?: Error };
    return { name: 'engine', state: 'failed', detail: `${url} unreachable: ${e.cause?.message ?? e.message}`, url };
  }
}

export async function runStandaloneWorker(opts: StandaloneOptions): Promise<void> {
  const config = standaloneConfig(opts);
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  for (const url of engineNodeUrls(config.engine)) {
    const engine = await checkEngine({ ...config, engine: { ...config.engine, url } });
    if (engine.state !== 'ready') log(`warning: ${engine.detail} (will keep polling)`);
  }
  const kind = await allHandlers();
  const io: WorkerIO = {
    log,
    emit: (event) => { if (event.type === 'task' && event.outcome !== 'done') log(`task ${event.topic} ${event.taskId} ${event.outcome}: ${event.message ?? ''}`); },
    request: (async (method: string) => {
      if (method === 'componentStates') return localComponentStates(config);
      throw new Error(`standalone worker cannot answer ${method}`);
    }) as WorkerIO['request'],
  };
  const worker = startWorker(kind, config, io);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`${signal}: stopping after ${worker.inFlight()} task(s) in flight`);
      worker.stop().then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  log('stopped');
}
