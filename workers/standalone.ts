/**
 * `procos worker`: every worker kind's handlers in this one process, against any Camunda 7 REST engine,
 * without a ProcOS kernel. Logs to stdout; stops (finishing in-flight tasks) on SIGINT/SIGTERM.
 * Settings come from the options, else the environment: OLLAMA_URL, PROCOS_DEFAULT_MODEL,
 * OPENAI_BASE_URL + OPENAI_API_KEY (+ OPENAI_MODEL), SMTP_HOST/SMTP_PORT/SMTP_USER/SMTP_PASSWORD/SMTP_FROM,
 * SLACK_TOKEN / SLACK_WEBHOOK_URL / SLACK_API_URL.
 */
import type { ComponentInfo } from '../common/contract';
import { adapterHealth } from './adapters';
import { ollamaAnswers } from '../common/ai-providers';
import { startWorker, type WorkerIO } from './base';
import { authHeaders } from './engine-http';
import type { WorkerKind } from './handler';
import { loadWorkerKind, workerKindNames } from './kinds';
import { engineNodeUrls, type WorkerConfig } from '../common/worker-protocol';

export interface StandaloneOptions {
  engineUrl: string; /** every node of an engine cluster (engineUrl is used when empty) */ engineUrls?: string[]; user?: string; password?: string; topics?: string[]; ollamaUrl?: string; defaultModel?: string;
}

export const DEFAULT_MODEL = 'smollm2:135m';

export function standaloneConfig(opts: StandaloneOptions, env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const ollamaUrl = opts.ollamaUrl ?? env.OLLAMA_URL ?? 'http://127.0.0.1:11434';
  return {
    kind: 'standalone',
    topics: opts.topics?.length ? opts.topics : undefined,
    engine: { url: (opts.engineUrls?.[0] ?? opts.engineUrl).replace(/\/+$/, ''), urls: opts.engineUrls?.length ? opts.engineUrls : undefined, user: opts.user, password: opts.password },
    ollama: { url: ollamaUrl, defaultModel: opts.defaultModel ?? env.PROCOS_DEFAULT_MODEL ?? DEFAULT_MODEL },
    openai: env.OPENAI_BASE_URL && env.OPENAI_API_KEY
      ? { baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, model: env.OPENAI_MODEL } : undefined,
    smtp: env.SMTP_HOST ? { host: env.SMTP_HOST, port: Number(env.SMTP_PORT ?? 587), user: env.SMTP_USER,
      password: env.SMTP_PASSWORD, from: env.SMTP_FROM, secure: env.SMTP_PORT === '465' } : undefined,
    slack: env.SLACK_TOKEN || env.SLACK_WEBHOOK_URL
      ? { token: env.SLACK_TOKEN, webhookUrl: env.SLACK_WEBHOOK_URL, baseUrl: env.SLACK_API_URL } : undefined,
    heartbeatMs: 10_000,
    maxTasks: 10,
    lockDurationMs: 60_000,
    asyncResponseTimeoutMs: 20_000,
    retryBaseMs: 1000,
    defaultRetries: 3,
  };
}

/** One kind holding every handler of every worker kind. */
export async function allHandlers(): Promise<WorkerKind> {
  const kinds = await Promise.all(workerKindNames.map(loadWorkerKind));
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
    const res = await fetch(`${url}/engine`, { headers: authHeaders(config.engine), signal: AbortSignal.timeout(5000) });
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
