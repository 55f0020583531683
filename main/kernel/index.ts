/**
 * The kernel: one supervisor per supervised thing (engine, Ollama, each worker kind), the store,
 * and the implementation of the API contract. Electron-free: it runs the same under Electron and
 * under plain Node (headless).
 */
import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentInfo, DeployResult, KernelEvent, ProcosApi, StatusReport } from '../../common/contract';
import { ApiError } from '../../common/contract';
import { CamundaRest } from './camunda-rest';
import { Engine, findJava, ENGINE_DEFAULT_PORT } from './engine';
import { OllamaService, OLLAMA_DEFAULT_URL, listModels } from './ollama';
import { WorkerPool } from './workers';
import { Deployer } from './deploy';
import { Monitor } from './monitor';
import { Store } from './store';
import { aggregate } from '../../common/health';
import { askOllama } from './ai';
import { dataDir, ensureDir, processesDir } from './paths';
import type { WorkerLauncher } from './launcher';
import type { WorkerConfig } from '../../common/worker-protocol';
import { adapterHealth } from '../../workers/adapters';
import type { Supervisor } from './supervisor';

export interface KernelOptions {
  home?: string;
  launcher?: WorkerLauncher;
  /** worker entry point (Electron passes its bundled file) */
  workerEntry?: string;
  onEvent?: (event: KernelEvent) => void;
}

export class Kernel extends EventEmitter {
  readonly home: string;
  readonly store: Store;
  readonly engine: Engine;
  readonly ollama: OllamaService;
  readonly pool: WorkerPool;
  readonly rest: CamundaRest;
  readonly deployer: Deployer;
  readonly monitor: Monitor;
  readonly api: ProcosApi;
  private java: ComponentInfo = { name: 'java', state: 'starting', detail: 'looking for Java' };
  private processes: ComponentInfo = { name: 'processes', state: 'starting', detail: 'waiting for the engine' };
  private finishedPoll?: NodeJS.Timeout;
  private adapterPoll?: NodeJS.Timeout;
  private adapters: Record<string, ComponentInfo> = {};

  constructor(opts: KernelOptions = {}) {
    super();
    this.home = ensureDir(opts.home ?? dataDir());
    this.store = new Store(this.home);
    const enginePort = Number(process.env.PROCOS_ENGINE_PORT) || this.store.setting('engine.port', ENGINE_DEFAULT_PORT);
    this.engine = new Engine(this.home, enginePort);
    this.ollama = new OllamaService(this.home, process.env.PROCOS_OLLAMA_URL ?? this.store.setting('ollama.url', OLLAMA_DEFAULT_URL));
    this.rest = new CamundaRest(this.engine.auth);
    this.deployer = new Deployer(this.rest);
    this.monitor = new Monitor(this.rest);
    this.pool = new WorkerPool({
      launcher: opts.launcher, entry: opts.workerEntry,
      config: (kind) => this.workerConfig(kind),
      componentStates: () => this.status().components,
    });
    if (opts.onEvent) this.on('event', opts.onEvent);
    for (const sup of this.supervisors()) {
      sup.on('state', (info: ComponentInfo) => this.publish({ type: 'component', name: info.name, state: info.state, detail: info.detail, at: Date.now() }));
    }
    this.pool.on('event', (e: KernelEvent) => this.publish(e));
    this.api = createApi(this);
  }

  publish(event: KernelEvent) {
    this.store.logEvent(event);
    this.emit('event', event);
  }

  supervisors(): Supervisor[] {
    return [this.engine.supervisor, this.ollama.supervisor, ...this.pool.supervisors.values()];
  }

  /** The supervisor of a component; undefined for the ones the kernel checks itself. */
  component(name: string): Supervisor | undefined {
    if (['java', 'processes', 'database'].includes(name) || this.adapters[name]) return undefined;
    const sup = this.supervisors().find((s) => s.name === name || s.name === `worker:${name}`);
    if (!sup) throw new ApiError(`no component named "${name}"; components: ${this.supervisors().map((s) => s.name).join(', ')}`, 404);
    return sup;
  }

  workerConfig(kind: string): WorkerConfig {
    const s = (key: string, fallback: unknown) => this.store.setting(key, fallback);
    const openaiBase = process.env.OPENAI_BASE_URL ?? s('openai.baseUrl', '');
    const openaiKey = process.env.OPENAI_API_KEY ?? s('openai.apiKey', '');
    return {
      kind,
      engine: { url: this.engine.restUrl, user: this.engine.creds.user, password: this.engine.creds.password },
      ollama: { url: this.ollama.url, defaultModel: this.ollama.model },
      openai: openaiBase ? { baseUrl: String(openaiBase), apiKey: String(openaiKey), model: s('openai.model', undefined) as string | undefined } : undefined,
      smtp: s('smtp', undefined) as WorkerConfig['smtp'],
      slack: s('slack', undefined) as WorkerConfig['slack'],
      heartbeatMs: Number(process.env.PROCOS_HEARTBEAT_MS) || (s('workers.heartbeatMs', 5000) as number),
      maxTasks: s('workers.maxTasks', 10) as number,
      lockDurationMs: s('workers.lockDurationMs', 30_000) as number,
      asyncResponseTimeoutMs: s('workers.asyncResponseTimeoutMs', 10_000) as number,
      retryBaseMs: s('workers.retryBaseMs', 1000) as number,
      defaultRetries: s('workers.defaultRetries', 3) as number,
    };
  }

  private setComponent(which: 'java' | 'processes', state: ComponentInfo['state'], detail: string, extra: Partial<ComponentInfo> = {}) {
    this[which] = { ...this[which], ...extra, state, detail };
    this.publish({ type: 'component', name: which, state, detail, at: Date.now() });
  }

  /** Boots everything; resolves when all components are ready, rejects with the first failure. */
  async start(): Promise<void> {
    this.checkJava();
    const ollama = this.ollama.supervisor.start();
    await this.engine.supervisor.start();
    await this.deployProcesses();
    this.watchFinishedInstances();
    await Promise.all([ollama, this.pool.start(), this.refreshAdapters()]);
    this.adapterPoll = setInterval(() => { void this.refreshAdapters(); }, 30_000);
    this.engine.supervisor.on('state', (info: ComponentInfo) => { if (info.state === 'ready') void this.deployProcesses(); });
  }

  private checkJava() {
    try {
      const java = findJava();
      this.setComponent('java', 'ready', `Java ${java.version}${java.bundled ? ' (bundled)' : ''} at ${java.path}`, { version: java.version });
    } catch (err) {
      this.setComponent('java', 'failed', (err as Error).message);
      throw err;
    }
  }

  /** Restart on request: supervised components restart; Java and adapters are checked again;
   * processes/ is redeployed; the database restarts with the engine that embeds it. */
  async restart(name: string) {
    if (name === 'java') return this.checkJava();
    if (name === 'processes') return this.deployProcesses();
    if (name === 'database') return this.engine.supervisor.restart(); // H2 is embedded in the engine
    if (this.adapters[name]) return this.refreshAdapters();
    await this.component(name)!.restart();
  }

  private async deployProcesses() {
    this.setComponent('processes', 'starting', 'deploying processes/');
    const result: DeployResult = await this.deployer.deployDirectory(processesDir())
      .catch((err) => ({ ok: false, processes: [], errors: [{ message: (err as Error).message }] }));
    if (!result.ok) return this.setComponent('processes', 'failed', result.errors.map((e) => e.message).join('; '));
    this.store.recordDeployment(result.deploymentId, ['processes/'], result.processes);
    this.setComponent('processes', 'ready', `${result.processes.length} deployed: ${result.processes.map((p) => `${p.key} v${p.version}`).join(', ')}`);
  }

  private watchFinishedInstances() {
    let since = new Date();
    this.finishedPoll = setInterval(async () => {
      if (this.engine.supervisor.state !== 'ready') return;
      try {
        const finished = await this.monitor.finishedSince(since);
        for (const i of finished) {
          this.publish({ type: 'instance', id: i.id, key: i.definitionKey, state: i.state === 'CANCELED' ? 'canceled' : 'ended', at: Date.now() });
          if (i.endTime) since = new Date(Math.max(since.getTime(), Date.parse(i.endTime)));
        }
      } catch { /* engine restarting */ }
    }, 1500);
  }

  /** Service adapters (SMTP, Slack) that are configured in settings; unconfigured ones are left out. */
  async refreshAdapters() {
    const found = await adapterHealth(this.workerConfig('generic')).catch(() => ({} as Record<string, ComponentInfo>));
    const before = this.adapters;
    this.adapters = Object.fromEntries(Object.values(found).filter((a) => a.state !== 'stopped')
      .map((a) => [`adapter:${a.name}`, { ...a, name: `adapter:${a.name}` }]));
    for (const [name, a] of Object.entries(this.adapters)) {
      if (before[name]?.state !== a.state || before[name]?.detail !== a.detail) this.publish({ type: 'component', name, state: a.state, detail: a.detail, at: Date.now() });
    }
  }

  /** The engine's H2 database: usable while the engine runs. */
  private database(): ComponentInfo {
    const file = join(this.engine.dir, 'h2', 'procos.mv.db');
    const size = existsSync(file) ? `${(statSync(file).size / 1e6).toFixed(1)} MB` : 'not created yet';
    const engine = this.engine.supervisor.state;
    return { name: 'database', state: engine, detail: `H2 file database (${size}) at ${file}${engine === 'ready' ? '' : `; the engine is ${engine}`}` };
  }

  status(): StatusReport {
    const components: Record<string, ComponentInfo> = { java: this.java };
    for (const sup of this.supervisors()) components[sup.name] = sup.info();
    components.database = this.database();
    components.processes = this.processes;
    Object.assign(components, this.adapters);
    return aggregate(components);
  }

  async stop(): Promise<void> {
    clearInterval(this.finishedPoll);
    clearInterval(this.adapterPoll);
    await this.pool.stop();
    await Promise.all([this.engine.supervisor.stop(), this.ollama.supervisor.stop()]);
    this.store.close();
  }

  /** For the desktop's "Open Cockpit": where it is and how to log in. */
  engineUi() { return { url: this.engine.webUrl, user: this.engine.creds.user, password: this.engine.creds.password }; }
}

function createApi(k: Kernel): ProcosApi {
  return {
    status: async () => k.status(),
    logs: async ({ name }) => k.component(name)?.logs.tail(200) ?? [],
    restartComponent: async ({ name }) => {
      k.component(name); // unknown names are an error
      await k.restart(name).catch(() => undefined); // the component's state says why it failed
      return k.status();
    },
    workers: async (q = {}) => (q.name || q.tags?.length ? k.pool.discover(q) : k.pool.list()),
    deploy: async (input) => {
      const result = await k.deployer.deploy(input);
      if (result.ok) {
        k.store.recordDeployment(result.deploymentId, input.files.map((f) => f.name), result.processes);
        k.publish({ type: 'deployment', deploymentId: result.deploymentId!, processes: result.processes, at: Date.now() });
      }
      return result;
    },
    definitions: () => k.monitor.definitions(),
    definitionXml: ({ id }) => k.monitor.definitionXml(id),
    startInstance: async (input) => {
      const { id } = await k.monitor.start(input);
      k.publish({ type: 'instance', id, key: input.key, state: 'started', at: Date.now() });
      return { id };
    },
    run: (input) => k.monitor.run(input, (id) => k.publish({ type: 'instance', id, key: input.key, state: 'started', at: Date.now() })),
    instances: (q) => k.monitor.instances(q),
    instance: ({ id }) => k.monitor.instance(id),
    retryIncident: ({ id }) => k.monitor.retryIncident(id),
    cancelInstance: async ({ id }) => { await k.monitor.cancel(id); },
    ask: async (input) => {
      const result = await askOllama(k.ollama.url, k.ollama.model, input, (e) => k.publish(e));
      k.store.addAiHistory({ question: input.question, answer: result.answer, model: result.model, durationMs: result.durationMs });
      return result;
    },
    models: () => listModels(k.ollama.url),
    aiHistory: async () => k.store.aiHistory(),
    settings: async () => k.store.settings(),
    updateSettings: async (patch) => { k.store.updateSettings(patch); await k.refreshAdapters(); return k.store.settings(); },
  };
}

export async function startKernel(opts: KernelOptions = {}): Promise<Kernel> {
  const kernel = new Kernel(opts);
  await kernel.start();
  return kernel;
}
