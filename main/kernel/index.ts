/**
 * The kernel: the composition root. It builds the services (engine, Ollama, worker pool, store,
 * REST client, deployer, monitor) from one resolved configuration (common/settings.ts), registers every
 * part as a uniform component (./components.ts), boots them in order, and publishes their events.
 * The API contract is implemented on top of it in ./api.ts. Electron-free: it runs the same under
 * Electron and under plain Node (headless).
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { ApiError, type KernelEvent, type ProcosApi, type StatusReport } from '../../common/contract';
import type { WorkerConfig } from '../../common/worker-protocol';
import { AdapterComponents } from './adapters';
import { createApi } from './api';
import { CamundaRest } from './camunda-rest';
import { CheckedComponent, Components, supervised, type Component } from './components';
import { checkSettingsPatch, resolveConfig, workerConfigOf, type ProcosConfig } from '../../common/settings';
import { DatabaseComponent } from './database';
import { Deployer } from './deploy';
import { ProcessesComponent } from './processes-component';
import { Engine, findJava } from './engine';
import { engineComponent, remoteEngineFrom, RemoteEngine } from './remote-engine';
import type { WorkerLauncher } from './launcher';
import { Monitor } from './monitor';
import { watchEngineHistory } from './history-watch';
import { OllamaService } from './ollama';
import { dataDir, ensureDir } from './paths';
import { Store } from './store';
import { checkDataVersion } from './data-version';
import { ChildRecords } from './children';
import { privateUmask, secureDataDir } from './private-files';
import { WorkerPool } from './workers';
import { AmqpBridge } from './events/amqp-bridge';
import { taskUser, userTasks, type TaskService } from './tasks';
import { DeployedForms } from './tasks/deployed-forms';
import { InstanceLock } from './instance-lock';
import { DiskSpace } from './disk-space';
import { describeRecovery, isCorruption, openStoreRecovering } from './store-recovery';
import { describeWake, machineSleep, type Wake } from '../../common/sleep-watch';
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
  /** processes/ and the deploy log (processes-component.ts) */
  readonly processes: ProcessesComponent;
  private readonly adapters: AdapterComponents;
  private stopHistoryWatch?: () => void;
  /** every child process, recorded in the data dir (children.ts) */
  private readonly children: ChildRecords;
  /** events to and commands from a message broker, when amqp.url is set (events/amqp-bridge.ts) */
  private readonly amqp?: AmqpBridge;
  /** one ProcOS per data dir: taken before anything in it is written */
  private readonly lock: InstanceLock;
  /** the data dir's disk: writes that fail for want of space say so here */
  readonly disk: DiskSpace;
  private readonly stopWakeWatch: () => void;
  /** true while start() runs (it deploys processes/ itself the first time the engine is ready) */
  private booting = false;

  constructor(opts: KernelOptions = {}) {
    super();
    this.home = ensureDir(opts.home ?? dataDir());
    // a data dir from a newer ProcOS: refused before anything in it changes (an unreadable procos.db is
    // no version at all: it is moved aside when the store opens)
    try { checkDataVersion(this.home); } catch (err) { if (!isCorruption(err)) throw err; }
    privateUmask(); // the data dir holds passwords: 0700 / 0600, also for what the engine and Ollama write
    this.lock = InstanceLock.acquire(this.home); // refuses a second ProcOS here before it touches anything
    secureDataDir(this.home);
    this.disk = new DiskSpace(this.home, () => this.healAfterSpace());
    this.children = new ChildRecords(this.home, (err) => this.disk.failedWrite(err, 'writing children.json'));
    const { store, recovered } = openStoreRecovering(this.home, () => new Store(this.home));
    this.store = store;
    const config = this.config();
    this.engine = config.engine.mode === 'remote'
      ? remoteEngineFrom(config.engine)
      : new Engine(this.home, config.engine.port, {
        database: config.engine.database, historyDays: () => this.config().engine.historyDays, heapMb: () => this.config().engine.heapMb,
      });
    this.ollama = new OllamaService(this.home, config.ollama.url, config.ollama.model);
    // an engine that fails while the data dir's disk is full: that is why (507), and writes wait for space
    this.rest = new CamundaRest(this.engine.auth, () => this.engine.supervisor, (err) => (err.status >= 500 && this.disk.full && this.engineOnDataDisk
      ? new ApiError(`no space left on ${this.home}: the engine could not store it (${err.message})`, 507, err.details) : err));
    const forms = new DeployedForms(this.rest);
    this.deployer = new Deployer(this.rest, () => this.pool.list().filter((w) => w.healthy).flatMap((w) => w.topics), () => forms.ids());
    this.monitor = new Monitor(this.rest);
    if (this.engine instanceof Engine) {
      this.engine.describeWork = () => this.rest.busyWith();
      if (this.engineOnDataDisk) this.engine.holdRestart = () => this.disk.holdReason();
    }
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
    this.processes = this.components.add(new ProcessesComponent({
      deployer: this.deployer, publish: (e) => this.publish(e), booting: () => this.booting,
      record: (id, files, processes) => this.keep('the deploy log', () => this.store.recordDeployment(id, files, processes)),
    }));
    this.components.add(this.disk);
    this.components.add(new CheckedComponent('store', async () => undefined, 'procos.db'))
      .set('ready', recovered ? describeRecovery(recovered) : `procos.db at ${join(this.home, 'procos.db')}: settings, AI history, deploy log, event log`);
    this.stopWakeWatch = machineSleep.onWake(this.onWake);
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

  /** the engine's database is the H2 file in the data dir (not PostgreSQL, not a remote engine's) */
  private get engineOnDataDisk() { return this.engine.mode === 'embedded' && !this.engine.options.database; }

  publish(event: KernelEvent) {
    if (event.type === 'task') this.monitor.taskReported(event.instanceId, event.topic, event.outcome); // `run --wait` answers at once
    this.keep('the event log', () => this.store.logEvent(event));
    this.keep('the AMQP outbox', () => this.amqp?.add(event));
    this.emit('event', event);
  }

  /** A write that must not fail what it records (event log, outbox, deploy log, AI history): a full
   * disk is reported on the disk component; the operation goes on. */
  keep(what: string, write: () => void) {
    try { write(); } catch (err) {
      if (!this.disk.failedWrite(err, `writing ${what}`)) console.error(`ProcOS: writing ${what} failed: ${(err as Error).message}`);
    }
  }

  /** The whole machine slept (every part with the kernel): say so where each part's log is read. */
  private onWake = (wake: Wake) => {
    const line = `${describeWake(wake)}: heartbeats, probes and deadlines start over from the wake; nothing is restarted for it`;
    for (const sup of this.supervisors()) sup.logs.push(`[kernel] ${line}`);
    this.publish({ type: 'log', component: 'kernel', line, at: Date.now() });
  };

  private supervisors(): Supervisor[] {
    return [this.engine.supervisor as Supervisor, this.ollama.supervisor, ...this.pool.supervisors.values()];
  }

  /** Space returned on the data dir's disk: the record is written again, what failed (or fails its
   * probe now: an H2 that closed itself still looks ready until asked) is started again. */
  private healAfterSpace() {
    this.children.flush();
    for (const sup of this.supervisors()) void sup.verify('after the disk was full').catch(() => undefined);
  }

  /** Another part of ProcOS (e.g. an event bridge) joins status, restart and logs. */
  register<C extends Component>(component: C): C {
    return this.components.add(component);
  }

  /** Settings and environment as the kernel runs with them (read fresh: settings change at run time). */
  config(): ProcosConfig {
    return resolveConfig(this.store.settings());
  }

  /** The local model as the kernel's own calls use it (`ask`, the copilot): Ollama's address, the default model and
   * the threads (setting `ollama.threads`, read fresh) — the same threads the workers send, or Ollama reloads the model. */
  ollamaTarget(): { url: string; model: string; threads?: number } {
    return { url: this.ollama.url, model: this.ollama.model, threads: this.config().ollama.threads };
  }

  workerConfig(kind: string): WorkerConfig {
    return workerConfigOf(this.config(), {
      kind,
      engine: this.engine.connection(),
      ollama: { url: this.ollama.url, defaultModel: this.ollama.model },
    });
  }

  /**
   * Gives a failed task (or job) one more try. The engine tells the workers' waiting long polls of new and
   * unlocked tasks only, not of one given retries: the workers here are told to poll again, so the task runs
   * now rather than at their next poll, up to workers.asyncResponseTimeoutMs later. Only on ProcOS's own
   * engine, which ends a worker's waiting poll when it sends another (a remote engine would keep it waiting).
   */
  async retryIncident(id: string) {
    await this.monitor.retryIncident(id);
    if (this.engine.mode !== 'remote') this.pool.broadcast({ type: 'poll-now' });
  }

  /** Refuses bad values and unknown keys (400, each key with its reason) before storing anything;
   * `null` removes a key. Adapters are checked again when their settings change; the workers learn
   * the topics' default models and the model's threads at once (the next task uses them, no restart). */
  async updateSettings(patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    checkSettingsPatch(patch);
    try { this.store.updateSettings(patch); } catch (err) {
      if (this.disk.failedWrite(err, 'storing settings')) throw new ApiError(`no space left on ${this.home}: the settings were not stored`, 507);
      throw err;
    }
    if ('smtp' in patch || 'slack' in patch) await this.adapters.check();
    if ('ai.topicModels' in patch || 'ollama.threads' in patch) this.pool.broadcast({ type: 'ollama', ollama: this.workerConfig('ai').ollama });
    return this.store.settings();
  }

  /**
   * Boots everything; resolves when all components are ready. A component that fails to start (the
   * engine crash-looping, Java missing) does not stop the rest: the kernel stays up with it marked
   * failed and its reason, and finishes the boot when it is restarted; start() then rejects, naming
   * what failed.
   */
  async start(): Promise<void> {
    this.booting = true;
    try {
      // what an earlier kernel on this data dir left running (it died) goes first
      const leftOver = await this.children.open();
      if (leftOver.length) console.warn(`ProcOS: stopped what an earlier run left behind: ${leftOver.map((c) => `${c.what} (pid ${c.pid})`).join(', ')}`);
      this.disk.look();
      this.disk.watch();
      await this.amqp?.start(); // connects in the background: a broker that is away does not hold up the start
      const failed: string[] = [];
      const started = (work: Promise<unknown>) => work.then(() => undefined, (err: Error) => { failed.push(err.message); });
      await started(this.checkJava());
      const ollama = started(this.ollama.supervisor.start());
      // workers come up beside the engine, paused until it is ready (they learn its URL before it counts as ready)
      const workers = started(this.pool.start());
      this.engine.supervisor.on('state', this.processes.followEngine);
      await started(this.engine.supervisor.start());
      if (this.engine.supervisor.state === 'ready') await this.processes.deployShipped();
      this.stopHistoryWatch = watchEngineHistory(this.monitor, () => this.engine.supervisor.state === 'ready', (e) => this.publish(e));
      this.taskWatcher.start();
      await Promise.all([ollama, workers]);
      await this.adapters.check();
      if (failed.length) throw new Error(failed.join('; '));
    } finally {
      this.booting = false;
      // the engine came up while the boot waited for the rest: processes/ is deployed now
      if (this.engine.supervisor.state === 'ready' && this.processes.state !== 'ready') void this.processes.deployShipped();
    }
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


  status(): StatusReport {
    return this.components.status();
  }

  async stop(): Promise<void> {
    this.stopHistoryWatch?.();
    this.stopWakeWatch();
    this.engine.supervisor.off('state', this.processes.followEngine);
    this.disk.stop();
    this.taskWatcher.stop();
    await this.pool.stop();
    await Promise.all([this.engine.supervisor.stop(), this.ollama.supervisor.stop()]);
    await this.amqp?.stop(); // what it could not send yet stays in the outbox for the next start
    this.children.close();
    this.store.close();
    this.lock.release();
  }

  /** For the desktop's "Open Cockpit": where it is and how to log in. */
  engineUi() { return { url: this.engine.webUrl, user: this.engine.creds.user, password: this.engine.creds.password }; }
}
