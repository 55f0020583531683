/**
 * Settings with a schema, and the one configuration ProcOS runs with: the kernel (stored settings and
 * the environment) and the standalone worker `procos worker` (the environment alone) resolve it here.
 *
 * Every setting key has a type and a range (`settingsSchema`); `checkSettingsPatch` refuses a patch
 * with bad values or unknown keys, naming each key and why, before anything is stored (`null`
 * removes a key). `resolveConfig` merges the stored settings with the environment (which wins) into
 * a `ProcosConfig`: the kernel's services and every worker's `WorkerConfig` (`workerConfigOf`) read
 * it, nothing else reads settings. A stored value that no longer fits the schema is ignored (the
 * default applies) and named in `problems`; a bad environment variable is an error naming the variable.
 */
import { z } from 'zod';
import { ApiError } from './contract';
import { modelTopicNames } from './topics';
import type { EngineConnection, WorkerConfig } from './worker-protocol';

/** The model ProcOS bundles (resources/models/, created in Ollama from its GGUF): AI tasks use it
 * when neither the task nor its topic names one, unless `ollama.model` says otherwise. */
export const DEFAULT_MODEL = 'smollm2:135m';

const parsesAs = (protocols: string[]) => (value: string) => {
  try { return protocols.includes(new URL(value).protocol); } catch { return false; }
};
const url = (protocols: string[], example: string) =>
  z.string().refine(parsesAs(protocols), `must be a URL (${protocols.map((p) => p.replace(':', '')).join(' or ')}) such as ${example}`);
/** An object with the named fields; other fields are named as unknown. */
const fields = <S extends z.core.$ZodLooseShape>(shape: S, expected: string) => z.strictObject(shape, {
  error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}; expected ${expected}` : `must be an object ${expected}`),
});
const int = (min: number, max: number, unit = '') =>
  z.number({ error: `must be a number${unit ? ` (${unit.trim()})` : ''}` })
    .int('must be a whole number')
    .min(min, `must be ≥ ${min}${unit}`)
    .max(max, `must be ≤ ${max}${unit}`);
const text = z.string({ error: 'must be a string' });
const nonEmpty = text.min(1, 'must not be empty');

const httpUrl = (example: string) => url(['http:', 'https:'], example);
/** Per AI topic, the Ollama model its tasks use when they name none (`{"ai_query": "llama3.2:1b"}`). */
const topicModels = z.record(z.string(), nonEmpty, { error: 'must be an object {"<AI topic>": "<model name>"}' })
  .superRefine((record, ctx) => {
    for (const key of Object.keys(record).filter((k) => !modelTopicNames().includes(k))) {
      ctx.addIssue({ code: 'custom', path: [key], message: `not an AI topic that calls a model; use ${modelTopicNames().join(', ')}` });
    }
  });

/** Ports ProcOS listens on or prefers. */
const listenPort = int(1024, 65535);

export const settingsSchema = {
  'engine.port': listenPort,
  'engine.mode': z.enum(['embedded', 'remote'], { error: 'must be "embedded" or "remote"' }),
  'engine.url': httpUrl('http://127.0.0.1:8080/engine-rest'),
  /** the nodes of a remote engine cluster (one database); the workers poll each, the kernel uses one that answers */
  'engine.urls': z.array(httpUrl('http://camunda-a:8080/engine-rest'), { error: 'must be a list of URLs, e.g. ["http://camunda-a:8080/engine-rest", "http://camunda-b:8080/engine-rest"]' })
    .min(1, 'must name at least one node'),
  'engine.user': nonEmpty,
  'engine.password': text,
  /** the embedded engine's database: a PostgreSQL URL with user and password (else H2 in the data dir) */
  'engine.database': url(['postgres:', 'postgresql:'], 'postgresql://user:password@127.0.0.1:5432/procos'),
  /** the embedded engine's heap; unset: sized from the machine's memory (engine-launch.ts) */
  'engine.heapMb': int(16, 65_536, ' MB'),
  /** days the engine keeps a finished run of a process whose BPMN sets no historyTimeToLive (read at engine start) */
  'engine.historyDays': int(0, 36_500, ' days'),
  'ollama.url': httpUrl('http://127.0.0.1:11434'),
  /** the model AI tasks use when neither they nor their topic name one; only the bundled one is
   * created by ProcOS, another must be pulled (`procos models pull NAME`) */
  'ollama.model': nonEmpty,
  /** CPU threads the local model computes on; unset: Ollama's choice (one per core). Beside other busy
   * programs one thread answers faster on a small machine: every thread waits for the slowest at each
   * token, so a machine whose cores are busy elsewhere stalls them all (docs/architecture.md, "The model's threads"). */
  'ollama.threads': int(1, 256),
  'openai.baseUrl': httpUrl('https://api.example.com/v1'),
  'openai.apiKey': text,
  'openai.model': nonEmpty,
  'ai.topicModels': topicModels,
  /** questions and answers kept in the AI history (the oldest go first) */
  'ai.historyLimit': int(1, 1_000_000),
  smtp: fields({
    host: nonEmpty,
    port: int(1, 65535),
    secure: z.boolean({ error: 'must be true or false' }).optional(),
    user: text.optional(),
    password: text.optional(),
    from: text.optional(),
  }, '{host, port, secure?, user?, password?, from?}'),
  slack: fields({
    baseUrl: httpUrl('https://slack.com/api').optional(),
    token: text.optional(),
    webhookUrl: httpUrl('https://hooks.slack.com/services/…').optional(),
  }, '{token?, webhookUrl?, baseUrl?}'),
  'workers.heartbeatMs': int(500, 600_000, ' ms'),
  'workers.maxTasks': int(1, 1000),
  'workers.lockDurationMs': int(1000, 3_600_000, ' ms'),
  /** long-polling timeout of fetchAndLock; 0 polls without waiting (Camunda caps it at 30 min) */
  'workers.asyncResponseTimeoutMs': int(0, 1_800_000, ' ms'),
  'workers.retryBaseMs': int(100, 3_600_000, ' ms'),
  'workers.defaultRetries': int(0, 100),
  /** fetch tasks highest priority first (camunda:taskPriority); off, as in Camunda's REST API: sorting
   * every fetch costs a busy engine about a sixth of its throughput (`npm run bench -- workers`) */
  'workers.usePriority': z.boolean({ error: 'must be true or false' }),
  'desktop.closeToTray': z.boolean({ error: 'must be true or false' }),
  /** a native notification when a task arrives for you (default on) */
  'desktop.notifyTasks': z.boolean({ error: 'must be true or false' }),
  /** the user ProcOS claims and completes tasks as (default: the remote engine's user, else the OS user) */
  'tasks.assignee': nonEmpty.max(255, 'must be at most 255 characters'),
  'amqp.url': url(['amqp:', 'amqps:'], 'amqp://guest:guest@127.0.0.1:5672'),
  'amqp.outboxLimit': int(1, 10_000_000),
} satisfies Record<string, z.ZodType>;

export type SettingKey = keyof typeof settingsSchema;
export type Settings = { [K in SettingKey]?: z.output<(typeof settingsSchema)[K]> };
export const settingKeys = Object.keys(settingsSchema) as SettingKey[];

const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(settingsSchema, key);

const problemsOf = (key: string, error: z.ZodError) =>
  error.issues.map((i) => `${[key, ...i.path].join('.')}: ${i.message}`);

/** The problems of one value for one key, or [] when it fits. */
export function settingProblems(key: string, value: unknown): string[] {
  if (!isSettingKey(key)) return [`${key}: unknown setting`];
  const r = settingsSchema[key].safeParse(value);
  return r.success ? [] : problemsOf(key, r.error);
}

/** A patch checked as a whole: every bad key with its reason, or nothing. `null` removes any key. */
export function checkSettingsPatch(patch: Record<string, unknown>): void {
  const problems = Object.entries(patch).flatMap(([key, value]) => (value === null ? [] : settingProblems(key, value)));
  if (problems.length) {
    throw new ApiError(`invalid settings: ${problems.join('; ')}`, 400, { problems, known: settingKeys });
  }
}

export interface ProcosConfig {
  engine: {
    mode: 'embedded' | 'remote';
    /** preferred port of the embedded engine */
    port: number;
    /** the remote engine's REST URL (mode remote) */
    url?: string;
    /** the nodes of a remote engine cluster (with url, if set) */
    urls?: string[];
    user?: string;
    password?: string;
    /** PostgreSQL URL for the embedded engine; unset: H2 in the data dir */
    database?: string;
    /** the embedded engine's heap in MB; unset: sized from the machine */
    heapMb?: number;
    /** days of history for definitions that set no historyTimeToLive */
    historyDays: number;
  };
  /** threads: CPU threads the model runs on (unset: Ollama's choice) */
  ollama: { url: string; model: string; threads?: number };
  /** the default model per AI topic (a task's `model` variable wins; else Ollama's default) */
  topicModels: Record<string, string>;
  /** rows kept in the AI history */
  aiHistoryLimit: number;
  openai?: { baseUrl: string; apiKey: string; model?: string };
  smtp?: Settings['smtp'];
  slack?: Settings['slack'];
  workers: {
    heartbeatMs: number; maxTasks: number; lockDurationMs: number;
    asyncResponseTimeoutMs: number; retryBaseMs: number; defaultRetries: number; usePriority: boolean;
  };
  amqp?: { url: string; outboxLimit: number };
  desktop: { closeToTray?: boolean; notifyTasks: boolean };
  tasks: { assignee?: string };
  /** stored settings that no longer fit the schema (their defaults apply) */
  problems: string[];
}

export const DEFAULTS = {
  enginePort: 8080,
  ollamaUrl: 'http://127.0.0.1:11434',
  amqpOutboxLimit: 100_000,
  /** days of history kept for a process that sets no historyTimeToLive (main/kernel/engine-config.ts) */
  historyDays: 30,
  aiHistoryLimit: 1000,
  workers: { heartbeatMs: 5000, maxTasks: 10, lockDurationMs: 30_000, asyncResponseTimeoutMs: 10_000, retryBaseMs: 1000, defaultRetries: 3, usePriority: false },
} as const;

/** Environment variables that override a setting (they win over the stored value). */
const ENV: Partial<Record<SettingKey, string>> = {
  'engine.port': 'PROCOS_ENGINE_PORT',
  'engine.mode': 'PROCOS_ENGINE_MODE',
  'engine.url': 'PROCOS_ENGINE_URL',
  'engine.urls': 'PROCOS_ENGINE_URLS',
  'engine.user': 'PROCOS_ENGINE_USER',
  'engine.password': 'PROCOS_ENGINE_PASSWORD',
  'engine.heapMb': 'PROCOS_ENGINE_HEAP_MB',
  'ollama.url': 'PROCOS_OLLAMA_URL',
  'ollama.model': 'PROCOS_DEFAULT_MODEL',
  'ollama.threads': 'PROCOS_OLLAMA_THREADS',
  'openai.baseUrl': 'OPENAI_BASE_URL',
  'openai.apiKey': 'OPENAI_API_KEY',
  'openai.model': 'OPENAI_MODEL',
  'workers.heartbeatMs': 'PROCOS_HEARTBEAT_MS',
  'amqp.url': 'PROCOS_AMQP_URL',
};

/** Settings that are objects take one environment variable per field; any of them set replaces the
 * stored object (with `defaults` for the fields not given). */
const ENV_FIELDS: Partial<Record<SettingKey, { fields: Record<string, string>; defaults?: Record<string, unknown> }>> = {
  smtp: {
    fields: { host: 'SMTP_HOST', port: 'SMTP_PORT', secure: 'SMTP_SECURE', user: 'SMTP_USER', password: 'SMTP_PASSWORD', from: 'SMTP_FROM' },
    defaults: { port: 587 },
  },
  slack: { fields: { token: 'SLACK_TOKEN', webhookUrl: 'SLACK_WEBHOOK_URL', baseUrl: 'SLACK_API_URL' } },
};

/** A variable's text as the schema's type: numbers and booleans are parsed, the rest stays text. */
function fromEnvironment(schema: z.ZodType, raw: string): unknown {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  if (inner instanceof z.ZodNumber) return Number(raw);
  if (inner instanceof z.ZodBoolean) return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (inner instanceof z.ZodArray) return raw.split(/[\s,]+/).filter(Boolean); // a list: separated by commas or spaces
  return raw;
}

/** The value the environment gives a key, checked; undefined when it gives none. */
function environmentValue(key: SettingKey, env: NodeJS.ProcessEnv): unknown {
  const set = (name: string | undefined) => (name && env[name] !== undefined && env[name] !== '' ? env[name] : undefined);
  const variable = ENV[key];
  const raw = set(variable);
  if (raw !== undefined) {
    const value = fromEnvironment(settingsSchema[key], raw);
    const wrong = settingProblems(key, value);
    if (wrong.length) throw new Error(`environment variable ${variable}=${raw}: ${wrong.map((w) => (w.startsWith(`${key}: `) ? w.slice(key.length + 2) : w)).join('; ')}`);
    return value;
  }
  const spec = ENV_FIELDS[key];
  const given = Object.entries(spec?.fields ?? {}).filter(([, name]) => set(name) !== undefined);
  if (!spec || !given.length) return undefined;
  const shape = (settingsSchema[key] as z.ZodObject<z.ZodRawShape>).shape;
  const value = { ...spec.defaults, ...Object.fromEntries(given.map(([field, name]) => [field, fromEnvironment(shape[field] as z.ZodType, env[name]!)])) };
  const wrong = settingProblems(key, value);
  if (wrong.length) {
    const variableOf = (problem: string) => spec.fields[problem.slice(key.length + 1).split(':')[0]];
    throw new Error(wrong.map((w) => `environment variable ${variableOf(w) ?? given.map(([, n]) => n).join('/')}: ${w}`).join('; '));
  }
  return value;
}

/** Settings and environment, checked, merged, defaults filled in. */
export function resolveConfig(stored: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): ProcosConfig {
  const problems: string[] = [];
  const get = <K extends SettingKey>(key: K): Settings[K] => {
    const fromEnv = environmentValue(key, env);
    if (fromEnv !== undefined) return fromEnv as Settings[K];
    if (stored[key] === undefined || stored[key] === null) return undefined;
    const wrong = settingProblems(key, stored[key]);
    if (wrong.length) { problems.push(...wrong); return undefined; }
    return stored[key] as Settings[K];
  };

  const engineUrl = get('engine.url');
  const openaiBase = get('openai.baseUrl');
  const amqpUrl = get('amqp.url');
  const w = DEFAULTS.workers;
  return {
    engine: {
      mode: get('engine.mode') ?? (env.PROCOS_ENGINE_URL || env.PROCOS_ENGINE_URLS ? 'remote' : 'embedded'),
      port: get('engine.port') ?? DEFAULTS.enginePort,
      url: engineUrl, urls: get('engine.urls'), user: get('engine.user'), password: get('engine.password'), database: get('engine.database'),
      heapMb: get('engine.heapMb'),
      historyDays: get('engine.historyDays') ?? DEFAULTS.historyDays,
    },
    ollama: { url: get('ollama.url') ?? DEFAULTS.ollamaUrl, model: get('ollama.model') ?? DEFAULT_MODEL, threads: get('ollama.threads') },
    topicModels: get('ai.topicModels') ?? {},
    aiHistoryLimit: get('ai.historyLimit') ?? DEFAULTS.aiHistoryLimit,
    openai: openaiBase ? { baseUrl: openaiBase, apiKey: get('openai.apiKey') ?? '', model: get('openai.model') } : undefined,
    smtp: get('smtp'),
    slack: get('slack'),
    workers: {
      heartbeatMs: get('workers.heartbeatMs') ?? w.heartbeatMs,
      maxTasks: get('workers.maxTasks') ?? w.maxTasks,
      lockDurationMs: get('workers.lockDurationMs') ?? w.lockDurationMs,
      asyncResponseTimeoutMs: get('workers.asyncResponseTimeoutMs') ?? w.asyncResponseTimeoutMs,
      retryBaseMs: get('workers.retryBaseMs') ?? w.retryBaseMs,
      defaultRetries: get('workers.defaultRetries') ?? w.defaultRetries,
      usePriority: get('workers.usePriority') ?? w.usePriority,
    },
    amqp: amqpUrl ? { url: amqpUrl, outboxLimit: get('amqp.outboxLimit') ?? DEFAULTS.amqpOutboxLimit } : undefined,
    desktop: { closeToTray: get('desktop.closeToTray'), notifyTasks: get('desktop.notifyTasks') ?? true },
    tasks: { assignee: get('tasks.assignee') },
    problems,
  };
}

/** What a worker runs with: the resolved configuration, and the engine and Ollama it is to use now. */
export function workerConfigOf(config: ProcosConfig, now: {
  kind: string; topics?: string[]; engine: EngineConnection; ollama: { url: string; defaultModel: string };
}): WorkerConfig {
  return {
    kind: now.kind,
    topics: now.topics,
    engine: now.engine,
    ollama: { ...now.ollama, threads: config.ollama.threads, topicModels: config.topicModels },
    openai: config.openai,
    smtp: config.smtp,
    slack: config.slack,
    ...config.workers,
  };
}
