/**
 * The engine: Camunda Run 7.24 (built from Camunda's Run starters, see resources/camunda-run/pom.xml)
 * run with plain `java -jar`. Config is generated into the data dir: a free port on 127.0.0.1, the
 * H2 file database in the data dir, an admin user with a generated password, REST basic auth on.
 * A database held by a process ProcOS did not start fails the start at once, naming that process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Supervisor } from './supervisor';
import { freePort } from './ports';
import { ensureDir, resourcePaths } from './paths';
import type { EngineAuth } from './camunda-rest';
import type { EngineConnection } from '../../common/worker-protocol';
import { DEFAULTS } from '../../common/settings';
import { engineAuthHeaders } from '../../common/engine-auth';
import { isPermanentCause } from './root-cause';
import { isAlive, processCommandLine } from './processes/identity';
import { processesHoldingFile } from './processes/file-holders';
import { listenerIsOwnedBy } from './processes/port-owners';
import { checkDatabaseReachable, describeDatabase } from './engine-database';
import { engineConfigYaml } from './engine-config';
import { ENGINE_ENV, engineHeapMb, engineLaunch } from './engine-launch';
import { gcLogFlag, heapStayedFull, outOfMemoryIn } from './engine-memory';

export interface JavaInfo { path: string; version: string; bundled: boolean }

/** Each lookup spawns `java -version`: answered once per process (per JAVA_HOME and resources dir). */
const javaLookups = new Map<string, JavaInfo>();

/** The bundled JRE if present, else JAVA_HOME, else `java` on PATH. */
export function findJava(): JavaInfo {
  const key = `${resourcePaths().jreJava}|${process.env.JAVA_HOME ?? ''}|${process.env.PATH ?? ''}`;
  const known = javaLookups.get(key);
  if (known) return known;
  const found = lookUpJava();
  javaLookups.set(key, found);
  return found;
}

function lookUpJava(): JavaInfo {
  const candidates: [string, boolean][] = [[resourcePaths().jreJava, true]];
  if (process.env.JAVA_HOME) candidates.push([join(process.env.JAVA_HOME, 'bin', 'java'), false]);
  candidates.push(['java', false]);
  for (const [path, bundled] of candidates) {
    if (path !== 'java' && !existsSync(path)) continue;
    const out = spawnSync(path, ['-version'], { encoding: 'utf8' });
    const version = /version "([^"]+)"/.exec(`${out.stderr}${out.stdout}`)?.[1];
    if (out.status === 0 && version) {
      if (Number(version.split('.')[0]) < 17) throw new Error(`Java ${version} at ${path} is too old: Camunda Run 7.24 needs Java 17 or newer`);
      return { path, bundled, version };
    }
  }
  throw new Error('Java 17 or newer was not found: install a JDK (e.g. `apt-get install openjdk-17-jre-headless`) or set JAVA_HOME');
}

interface Credentials { user: string; password: string }

/** The admin password is generated once and kept (mode 0600): H2 keeps the user across restarts. Hex, so a person
 * can pass it anywhere as it is (a base64url one began with "-" one time in 64, which `--password` took for an option). */
function credentials(dir: string): Credentials {
  const file = join(dir, 'credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const creds = { user: 'admin', password: randomBytes(18).toString('hex') };
  writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
  return creds;
}

/** The embedded engine's options, the functions read at every start (a changed setting counts at
 * the next restart): engine.database (a postgres URL; else H2 in the data dir), engine.historyDays,
 * engine.heapMb. */
export interface EngineOptions { database?: string; historyDays?: () => number; heapMb?: () => number | undefined }

export class Engine {
  readonly mode = 'embedded' as const;
  port?: number;
  java?: JavaInfo;
  /** the heap of the running JVM, in MB */
  heapMb?: number;
  /** what the engine does for the kernel now ("deploying a.bpmn"): named when it runs out of memory */
  describeWork?: () => string | undefined;
  /** a reason not to restart it now (no space left for its database): it waits, failed, until restarted */
  holdRestart?: () => string | undefined;
  readonly dir: string;
  readonly creds: Credentials;
  readonly supervisor: Supervisor;
  private readyHooks: (() => Promise<void>)[] = [];

  constructor(dataDir: string, private preferredPort: number = DEFAULTS.enginePort, readonly options: EngineOptions = {}) {
    this.dir = ensureDir(join(dataDir, 'engine'));
    this.creds = credentials(this.dir);
    this.supervisor = new Supervisor({
      name: 'engine',
      prepare: () => this.prepare(),
      probe: () => this.probe(),
      afterReady: async () => { for (const hook of this.readyHooks) await hook(); },
      explainExit: (cause, output) => this.explainExit(cause, output),
      explainHang: () => this.explainHang(),
      // while ready: a query that reads the database, so an H2 that closed itself (disk full) counts as down
      liveness: { probe: (signal) => this.answers('/process-definition/count', signal) },
      holdRestart: () => this.holdRestart?.(),
      readyTimeoutMs: 240_000,
      probeIntervalMs: 250,
      port: () => this.port,
      url: () => this.port ? this.restUrl : undefined,
      version: () => `Camunda Run 7.24.0 on Java ${this.java?.version ?? '?'}${this.heapMb ? `, heap ${this.heapMb} MB` : ''}`,
      readyDetail: () => `Camunda Run at ${this.restUrl} (${this.options.database ? describeDatabase(this.options.database) : `H2 in ${this.dir}`})`,
    });
  }

  get restUrl() { return `http://127.0.0.1:${this.port}/engine-rest`; }
  get webUrl() { return `http://127.0.0.1:${this.port}/camunda`; }
  get h2File() { return join(this.dir, 'h2', 'procos.mv.db'); }
  auth = (): EngineAuth => ({ url: this.restUrl, user: this.creds.user, password: this.creds.password });
  connection = (): EngineConnection => ({ url: this.restUrl, user: this.creds.user, password: this.creds.password });

  /** Runs after the engine answers and before it counts as ready (e.g. workers switch to its URL). */
  beforeReady(hook: () => Promise<void>) { this.readyHooks.push(hook); }

  /** Who holds the H2 file, if it can be told: "pid 4711 (java -jar …)". */
  private async databaseHolder(): Promise<string | undefined> {
    const pids = (await processesHoldingFile(this.h2File)).filter((p) => p !== process.pid && isAlive(p));
    if (!pids.length) return undefined;
    const described = await Promise.all(pids.map(async (p) => `pid ${p}${await processCommandLine(p).then((c) => (c ? ` (${c.slice(0, 160)})` : ''))}`));
    return described.join(', ');
  }

  private databaseInUse(holder: string | undefined) {
    return `the engine's database ${this.h2File} is in use by another process${holder ? `: ${holder}` : ''}, which ProcOS did not start — stop it, then start ProcOS again`;
  }

  /** "out of memory while deploying a.bpmn (Java heap space; heap 384 MB, setting engine.heapMb)" */
  private outOfMemory(what: string) {
    const work = this.supervisor.state === 'starting' ? 'starting'
      : this.describeWork?.() ?? 'working on its own (no call of ProcOS was in flight: a job, a timer or a cleanup)';
    return `out of memory while ${work} (${what}; heap ${this.heapMb ?? '?'} MB, setting engine.heapMb)`;
  }

  /** Why the engine stopped answering, when its own log can tell: a heap that stayed full. */
  private async explainHang() {
    const full = this.heapMb && heapStayedFull(this.dir, this.heapMb);
    return full ? this.outOfMemory(full) : undefined;
  }

  private async explainExit(cause: string | undefined, output: string[]) {
    const oom = outOfMemoryIn(output);
    if (oom) return { detail: this.outOfMemory(oom), permanent: false };
    if (!isPermanentCause(cause)) return undefined;
    return { detail: `${this.databaseInUse(await this.databaseHolder())} (H2: ${cause})`, permanent: true };
  }

  private async prepare() {
    const jar = resourcePaths().camundaJar;
    if (!existsSync(jar)) throw new Error(`Camunda Run is missing at ${jar}: run \`procos resources\``);
    this.java = findJava();
    this.heapMb = engineHeapMb(this.options.heapMb?.());
    if (this.options.database) await checkDatabaseReachable(this.options.database); // PostgreSQL down: say so, start nothing
    // earlier children of ProcOS are stopped before anything starts (children.ts): a holder now is a stranger
    const holder = await this.databaseHolder();
    if (holder) throw new Error(this.databaseInUse(holder));
    // keep the port across restarts so clients keep working, unless someone else took it
    this.port = await freePort(this.port ?? this.preferredPort);
    const config = join(this.dir, 'application.yml');
    writeFileSync(config, engineConfigYaml({
      port: this.port, h2Path: join(this.dir, 'h2', 'procos'), creds: this.creds, database: this.options.database, historyDays: this.options.historyDays?.(),
    }), { mode: 0o600 });
    return {
      command: this.java.path,
      // desktop JVM flags and the class-data archive when made (engine-launch.ts)
      args: ['-Dfile.encoding=UTF-8', gcLogFlag(this.dir), ...engineLaunch(jar, this.java, this.heapMb).jvmArgs, `--spring.config.location=file:${config}`],
      env: { ...process.env, ...ENGINE_ENV },
      cwd: this.dir,
    };
  }

  private async probe() {
    // credentials go only to our own JVM: until the port's listener is the engine's process (the
    // port was free when picked, but someone may have taken it since), it is not ready
    const pid = this.supervisor.pid;
    if (!pid || !this.port || (await listenerIsOwnedBy(this.port, pid)) === false) return false;
    return this.answers('/engine', AbortSignal.timeout(2000));
  }

  /** An authenticated GET of `path` answers 2xx; a 5xx rejects with what the engine said. */
  private async answers(path: string, signal: AbortSignal) {
    const res = await fetch(`${this.restUrl}${path}`, { headers: engineAuthHeaders(this.creds), signal,
    });
    const text = await res.text();
    if (res.status >= 500) {
      const said = /"message":"([^"]+)"/.exec(text)?.[1] ?? /"error":"([^"]+)"/.exec(text)?.[1] ?? text;
      throw new Error(`${path} answered HTTP ${res.status} (${said.slice(0, 160)})`);
    }
    return res.ok;
  }
}
