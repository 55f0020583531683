/**
 * Messages between the kernel's worker pool and a worker process. The transport (Electron
 * utilityProcess parentPort or Node child_process IPC) is hidden by workers/host.ts.
 */
import type { ComponentInfo, KernelEvent } from './contract';

/** An engine: one REST API, or the nodes of a cluster (one database, a long poll on each node). */
export interface EngineConnection {
  /** the REST API (of a cluster: the node the caller prefers) */
  url: string;
  /** every node of an engine cluster, `url` among them; unset: `url` alone */
  urls?: string[];
  user?: string;
  password?: string;
}

/** The REST URLs of every node of an engine, without trailing slashes or repeats, `url` first. */
export function engineNodeUrls(engine: EngineConnection): string[] {
  return [...new Set([engine.url, ...(engine.urls ?? [])].map((u) => u.replace(/\/+$/, '')))];
}

export interface WorkerConfig {
  kind: string;
  /** topics to subscribe; default: every topic of the kind */
  topics?: string[];
  engine: EngineConnection;
  /** `topicModels`: the default model per AI topic (setting `ai.topicModels`); a task's `model`
   * variable wins over it, and it over `defaultModel`; `threads`: the CPU threads the model runs on (setting `ollama.threads`) */
  ollama: { url: string; defaultModel: string; threads?: number; topicModels?: Record<string, string> };
  /** OpenAI-compatible provider, when configured (settings or OPENAI_BASE_URL / OPENAI_API_KEY) */
  openai?: { baseUrl: string; apiKey: string; model?: string };
  smtp?: { host: string; port: number; secure?: boolean; user?: string; password?: string; from?: string };
  slack?: { baseUrl?: string; token?: string; webhookUrl?: string };
  heartbeatMs: number;
  maxTasks: number;
  lockDurationMs: number;
  /** long-polling timeout of fetchAndLock */
  asyncResponseTimeoutMs: number;
  /** retry backoff base: the n-th retry waits base * 2^n */
  retryBaseMs: number;
  defaultRetries: number;
  /** fetch tasks highest priority first (setting `workers.usePriority`, default off) */
  usePriority?: boolean;
}

/** What a worker's adapters need from settings; sent again when those settings change. */
export type AdapterSettings = Pick<WorkerConfig, 'smtp' | 'slack'>;

export type ParentMessage =
  | { type: 'config'; config: WorkerConfig }
  /** use these adapter settings and report the adapters' health now */
  | { type: 'check-adapters'; settings: AdapterSettings }
  /** the engine to use from now on (the running long poll is dropped at once), or null: the engine
   * is down — send it nothing (no credentials to whoever takes its port) until the next one */
  | { type: 'engine'; engine: EngineConnection | null }
  /** Ollama is (again) ready here, or the topics' default models changed: AI handlers use it from the next task on */
  | { type: 'ollama'; ollama: WorkerConfig['ollama'] }
  /** a task this worker may take is there again without the engine announcing it (an incident retried: the
   * engine tells waiting long polls of new and unlocked tasks only): send the long polls again now */
  | { type: 'poll-now' }
  | { type: 'stop' }
  | { type: 'response'; id: number; result?: unknown; error?: string };

export type ChildMessage =
  | { type: 'register'; kind: string; pid: number; topics: string[]; tags: string[]; engineUrl?: string }
  /** answers `engine`: the URL now used (null while paused) */
  | { type: 'engine-ack'; url: string | null }
  /** the engine stopped answering: the worker pauses until the kernel sends `engine` */
  | { type: 'engine-lost'; url: string; reason: string }
  | { type: 'heartbeat'; at: number; inFlight: number }
  | { type: 'event'; event: KernelEvent }
  | { type: 'log'; line: string }
  /** health of the service adapters this worker uses (kinds with adapters: at start, every 30 s, on request);
   * `stopped` = not configured */
  | { type: 'adapters'; health: Record<string, ComponentInfo> }
  | { type: 'request'; id: number; method: WorkerRequestMethod; params?: unknown }
  | { type: 'stopped' };

/** What a worker may ask the kernel for. */
export interface WorkerRequests {
  componentStates: { params: undefined; result: Record<string, ComponentInfo> };
}
export type WorkerRequestMethod = keyof WorkerRequests;
