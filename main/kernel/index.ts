/**
 * The kernel: the composition root. It builds the services (engine, Ollama, worker pool, store,
 * REST client, deployer, monitor) from one resolved configuration (./config.ts), registers every
 * part as a uniform component (./components.ts), boots them in order, and publishes their events.
 * The API contract is implemented on top of it in ./api.ts. Electron-free: it runs the same under
 * Electron and under plain Node (headless).
 */
import { EventEmitter } from 'node:events';
import type { DeployResult, KernelEvent, ProcosApi, StatusReport } from '../../common/contract';
import type { WorkerConfig } from '../../common/worker-protocol';
import { AdapterComponents } from './adapters';
import { createApi } from './api';
import { CamundaRest } from './camunda-rest';
import { CheckedComponent, Components, supervised, type Component } from './components';
import { checkSettingsPatch, resolveConfig, type KernelConfig } from './config';
import { DatabaseComponent } from './database';
import { Deployer } from './deploy';
import { Engine, findJava } from './engine';
import { engineComponent, remoteEngineFrom, RemoteEngine } from './remote-engine';
import type { WorkerLauncher } from './launcher';
import { Monitor } from './monitor';
import { OllamaService } from './ollama';
import { dataDir, ensureDir, processesDir } from './paths';
import { Store } from './store';
import { checkDataVersion } from './data-version';
import { ChildRecords } from './children';
import { privateUmask, secureDataDir } from './private-files';
import { WorkerPool } from './workers';
import { AmqpBridge } from './events/amqp-bridge';
import { taskUser, userTasks, type TaskService } from './tasks';
import { DeployedForms } from './tasks/deployed-forms';

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
  /** the bundled engine (embedded, on H2 or engine.database) or a remote one (engine.mode remote) */
  readonly engine: Engine | RemoteEngine;
  readonly ollama: OllamaService;
  readonly pool: WorkerPool;
  readonly rest: CamundaRest;
  readonly deployer: Deployer;
  readonly monitor: Monitor;
  /** user tasks: list, claim, complete (tasks/) */
  readonly tasks: TaskService;
  private readonly taskWatcher: ReturnType<typeof userTasks>['watcher'];
  /** every part of ProcOS by name: engine, ollama, worker:*, java, database, processes, adapter:* … */
  readonly components: Components;
  readonly api: ProcosApi;
  private readonly java: CheckedComponent;
  private readonly processes: CheckedComponent;
  private readonly adapters: AdapterComponents;
  private finishedPoll?: NodeJS.Timeout;
  /** every child process, recorded in the data dir (children.ts) */
  private readonly children: ChildRecords;
  /** events to and commands from a message broker, when amqp.url is set (events/amqp-bridge.ts) */
  private readonly amqp?: AmqpBridge;

  constructor(opts: KernelOptions = {}) {
    super();
    this.home = ensureDir(opts.home ?? dataDir());
    checkDataVersion(this.home); // a data dir from a newer ProcOS: refused before anything in it changes
    privateUmask(); // the data dir holds passwords: 0700 / 0600, also for what the engine and Ollama write
    secureDataDir(this.home);
    this.children = new ChildRecords(this.home);
    this.store = new Store(this.home);
    const config = this.config();
    this.engine = config.engine.mode === 'remote'
      ? remoteEngineFrom(config.engine)
      : new Engine(this.home, config.engine.port, { database: config.engine.database, historyDays: () => this.config().engine.historyDays });
    this.ollama = new OllamaService(this.home, config.ollama.url);
    this.rest = new CamundaRest(this.engine.auth, () => this.engine.supervisor);
    const forms = new DeployedForms(this.rest);
    this.deployer = new Deployer(this.rest, () => this.pool.list().filter((w) => w.healthy).flatMap((w) => w.topics), () => forms.ids());
    this.monitor = new Monitor(this.rest);
    ({ service: this.tasks, watcher: this.taskWatcher } = userTasks({
      rest: this.rest, publish: (e) => this.publish(e), engineReady: () => this.engine.supervisor.state === 'ready',
      user: () => { const c = this.config(); return taskUser(c.tasks.assignee, { mode: c.engine.mode, user: c.engine.user }); },
    }));
    this.pool = new WorkerPool({
      launcher: opts.launcher, entry: opts.workerEntry,
      config: (kind) => this.workerConfig(kind),
      componentStates: () => this.status().components,
      engine: this.engine,
    });
    if (opts.onEvent) this.on('event', opts.onEvent);

    this.components = new Components((info) => this.publish({ type: 'component', name: info.name, state: info.state, detail: info.detail, at: Date.now() }));
    this.components.add(engineComponent(this.engine));
    this.components.add(supervised(this.ollama.supervisor));
    for (const supervisor of this.pool.supervisors.values()) this.components.add(supervised(supervisor));
    this.java = this.components.add(new CheckedComponent('java', async () => this.checkJava(), 'looking for Java'));
    this.components.add(new DatabaseComponent(this.engine));
    this.processes = this.components.add(new CheckedComponent('processes', () => this.deployProcesses(), 'waiting for the engine'));
    this.adapters = new AdapterComponents(this.components, () => {
      const { smtp, slack } = this.config();
      this.pool.broadcast({ type: 'check-adapters', settings: { smtp, slack } });
    });

    this.pool.on('event', (e: KernelEvent) => this.publish(e));
    // Ollama may come (back) on another port, or attach elsewhere: the workers follow it
    this.ollama.supervisor.on('state', (info) => {
      if (info.state === 'ready') this.pool.broadcast({ type: 'ollama', ollama: this.workerConfig('ai').ollama });
    });
    this.pool.on('adapters', (health) => this.adapters.report(health));
    for (const problem of config.problems) this.publish({ type: 'log', component: 'settings', line: `ignored: ${problem}`, at: Date.now() });
    this.api = createApi(this);
    if (config.amqp) this.amqp = this.register(new AmqpBridge({ url: config.amqp.url, outboxLimit: config.amqp.outboxLimit, db: this.store.db, api: this.api }));
  }

  publish(event: KernelEvent) {
    if (event.type === 'task') this.monitor.taskReported(event.instanceId, event.topic, event.outcome); // `run --wait` answers at once
    this.store.logEvent(event);
    this.amqp?.add(event);
    this.emit('event', event);
  }

  /** Another part of ProcOS (e.g. an event bridge) joins status, restart and logs. */
  register<C extends Component>(component: C): C {
    return this.components.add(component);
  }

  /** Settings and environment as the kernel runs with them (read fresh: settings change at run time). */
  config(): KernelConfig {
    return resolveConfig(this.store.settings());
  }

  workerConfig(kind: string): WorkerConfig {
    const c = this.config();
    return {
      kind,
      engine: { url: this.engine.restUrl, user: this.engine.creds.user, password: this.engine.creds.password },
      ollama: { url: this.ollama.url, defaultModel: this.ollama.model, topicModels: c.topicModels },
      openai: c.openai,
      smtp: c.smtp,
      slack: c.slack,
      ...c.workers,
    };
  }

  /** Refuses bad values and unknown keys (400, each key with its reason) before storing anything;
   * `null` removes a key. Adapters are checked again when their settings change; the workers learn
   * the topics' default models at once (the next task uses them, no restart). */
  async updateSettings(patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    checkSettingsPatch(patch);
    this.store.updateSettings(patch);
    if ('smtp' in patch || 'slack' in patch) await this.adapters.check();
    if ('ai.topicModels' in patch) this.pool.broadcast({ type: 'ollama', ollama: this.workerConfig('ai').ollama });
    return this.store.settings();
  }

  /** Boots everything; resolves when all components are ready, rejects with the first failure. */
  async start(): Promise<void> {
    // what an earlier kernel on this data dir left running (it died) goes first
    const leftOver = await this.children.open();
    if (leftOver.length) console.warn(`ProcOS: stopped what an earlier run left behind: ${leftOver.map((c) => `${c.what} (pid ${c.pid})`).join(', ')}`);
    await this.amqp?.start(); // connects in the background: a broker that is away does not hold up the start
    await this.checkJava();
    const ollama = this.ollama.supervisor.start();
    // workers come up beside the engine, paused until it is ready (they learn its URL before it counts as ready)
    const workers = this.pool.start();
    workers.catch(() => undefined); // awaited below; a failed engine start ends the start first
    await this.engine.supervisor.start();
    await this.deployProcesses();
    this.watchFinishedInstances();
    this.taskWatcher.start();
    await Promise.all([ollama, workers]);
    await this.adapters.check();
    this.engine.supervisor.on('state', (info) => {
      if (info.state === 'ready') void this.deployProcesses();
      // processes/ lives in the engine: while it is down, say so (and why) instead of a stale 'ready'
      else this.processes.set(info.state === 'failed' ? 'failed' : 'starting', `needs the engine, which is ${info.state === 'failed' ? 'down' : info.state}: ${info.detail}`);
    });
  }

  private async checkJava() {
    if (this.engine.mode === 'remote') return this.java.set('ready', 'not used: remote engine');
    try {
      const java = findJava();
      this.java.set('ready', `Java ${java.version}${java.bundled ? ' (bundled)' : ''} at ${java.path}`, { version: java.version });
    } catch (err) {
      this.java.set('failed', (err as Error).message);
      throw err;
    }
  }

  private async deployProcesses() {
    this.processes.set('starting', 'deploying processes/');
    const result: DeployResult = await this.deployer.deployDirectory(processesDir())
      .catch((err) => ({ ok: false, processes: [], errors: [{ message: (err as Error).message }], warnings: [] }));
    if (!result.ok) return this.processes.set('failed', result.errors.map((e) => e.message).join('; '));
    this.store.recordDeployment(result.deploymentId, ['processes/'], result.processes);
    this.processes.set('ready', deployedText(result.processes));
  }

  /** A deploy through the API: recorded and announced when it made something new, and the processes
   * card lists what the engine has now (not only what the boot deployed). */
  async deployed(result: DeployResult, files: string[]) {
    if (!result.ok || result.processes.every((p) => p.unchanged)) return;
    this.store.recordDeployment(result.deploymentId, files, result.processes);
    this.publish({ type: 'deployment', deploymentId: result.deploymentId!, processes: result.processes, at: Date.now() });
    if (this.processes.state !== 'ready') return;
    const latest = await this.deployer.latestVersions().catch(() => undefined);
    const fresh = result.processes.filter((p) => !p.unchanged);
    // the ones just deployed first: what a long list would hide is what the user wants to see
    if (latest) this.processes.set('ready', deployedText([...fresh, ...latest.filter((p) => !fresh.some((f) => f.key === p.key))]));
  }

  /** Instances that ended and incidents raised or resolved, found in the engine's history. */
  private watchFinishedInstances() {
    let since = new Date();
    let incidentsSince = since;
    const seenEnded = new Set<string>();
    const seenIncidents = new Set<string>(); // `${id}:${state}`: the `after` bounds are inclusive
    this.finishedPoll = setInterval(async () => {
      if (this.engine.supervisor.state !== 'ready') return;
      try {
        // look back a second: an instance that ended in the same instant as the last one seen, but
        // committed after that query, would be missed by a strict `after`; the seen set drops repeats
        const finished = await this.monitor.finishedSince(new Date(since.getTime() - 1000));
        for (const i of finished) {
          if (seenEnded.has(i.id)) continue;
          seenEnded.add(i.id);
          this.publish({ type: 'instance', id: i.id, key: i.definitionKey, state: i.state === 'CANCELED' ? 'canceled' : 'ended', at: Date.now() });
          if (i.endTime) since = new Date(Math.max(since.getTime(), Date.parse(i.endTime)));
        }
        if (seenEnded.size > 10_000) seenEnded.clear();
        for (const c of await this.monitor.incidentsSince(incidentsSince)) {
          if (seenIncidents.has(`${c.id}:${c.state}`)) continue;
          seenIncidents.add(`${c.id}:${c.state}`);
          this.publish({ type: 'incident', id: c.id, instanceId: c.instanceId, key: c.key, activityId: c.activityId, state: c.state, message: c.message, at: Date.now() });
          incidentsSince = new Date(Math.max(incidentsSince.getTime(), Date.parse(c.time)));
        }
        if (seenIncidents.size > 10_000) seenIncidents.clear();
      } catch { /* engine restarting */ }
    }, 1500);
  }

  status(): StatusReport {
    return this.components.status();
  }

  async stop(): Promise<void> {
    clearInterval(this.finishedPoll);
    this.taskWatcher.stop();
    await this.pool.stop();
    await Promise.all([this.engine.supervisor.stop(), this.ollama.supervisor.stop()]);
    await this.amqp?.stop(); // what it could not send yet stays in the outbox for the next start
    this.children.close();
    this.store.close();
  }

  /** For the desktop's "Open Cockpit": where it is and how to log in. */
  engineUi() { return { url: this.engine.webUrl, user: this.engine.creds.user, password: this.engine.creds.password }; }
}

/** What the processes card says: how many process definitions the engine has, each key with its newest version. */
function deployedText(processes: { key: string; version: number }[], shown = 8): string {
  const listed = processes.slice(0, shown).map((p) => `${p.key} v${p.version}`).join(', ');
  return `${processes.length} deployed: ${listed}${processes.length > shown ? `, and ${processes.length - shown} more` : ''}`;
}
