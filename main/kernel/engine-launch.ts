/**
 * How the engine's JVM is launched: desktop-sized JVM flags and, once made, a class-data-sharing
 * archive (dynamic AppCDS). The archive needs the jar in Spring Boot's extracted layout (classes
 * from plain jars on the class path, not nested ones), so the jar is extracted once
 * (`-Djarmode=tools extract`) and a training run records the classes a start loads
 * (`-XX:ArchiveClassesAtExit`). Both live in the per-user cache, keyed by the jar and the Java
 * runtime: another jar or another JRE simply gets its own. Made by `procos resources` (and so on a
 * first start that fetches resources); without them the engine runs the fat jar as before.
 * A dynamic archive sits on top of the runtime's base archive (lib/server/classes.jsa, which
 * scripts/jlink.sh makes for the bundled JRE); a runtime without one gets a base archive of its own
 * in the cache. A training run that failed is recorded there with its reason, so that a start does not
 * try again (each try is a whole engine start); `procos resources` does, and so does a start a week later.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { tmpdir, totalmem } from 'node:os';
import { cacheDir, ensureDir, processesDir } from './paths';
import { engineConfigYaml } from './engine-config';
import { freePort } from './ports';
import { isAlive } from './processes/identity';
import { engineAuthHeaders } from '../../common/engine-auth';

/** The engine's heap when no setting names one: a sixteenth of the machine's memory, at least
 * 384 MB (what an idle engine with the shipped processes needs, with room) and at most 1 GB. */
export const ENGINE_HEAP = { floorMb: 384, capMb: 1024, shareOfMemory: 1 / 16 };

export function engineHeapMb(setting?: number, totalBytes = totalmem()): number {
  if (setting) return setting;
  return Math.round(Math.min(ENGINE_HEAP.capMb, Math.max(ENGINE_HEAP.floorMb, (totalBytes / 2 ** 20) * ENGINE_HEAP.shareOfMemory)));
}

/**
 * JVM flags for a desktop engine (kept by measurement, see `npm run bench -- startup|memory`):
 * C1 only (tiered level 1: a fraction of the compile time and compiler memory of C2), the serial
 * collector (no GC threads on a 2-core laptop), a heap that starts small and gives memory back,
 * a smaller code cache. Out of memory, the JVM exits at once (and is restarted, with the reason)
 * instead of limping on with a full heap and a full accept queue.
 */
export function engineJvmFlags(heapMb = engineHeapMb()): string[] {
  return [
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Xms${Math.min(32, heapMb)}m`, `-Xmx${heapMb}m`,
    '-XX:MinHeapFreeRatio=10', '-XX:MaxHeapFreeRatio=30',
    '-XX:ReservedCodeCacheSize=64m',
    '-XX:+ExitOnOutOfMemoryError',
  ];
}

/** glibc gives each thread that allocates its own malloc arena (64 MB of address space, and resident
 * pages that stay): two are plenty for the engine's native allocations. Ignored elsewhere. */
export const ENGINE_ENV = { MALLOC_ARENA_MAX: '2' };

export interface EngineLaunch {
  /** JVM arguments up to and including `-jar <jar>` */
  jvmArgs: string[];
  /** what the launch uses, for logs and status: "class-data archive" or why not */
  cds: string;
}

interface CdsFiles { dir: string; jar: string; archive: string; failure: string }

/** Where the extracted jar and the archive of this jar + this Java live (nothing is created). */
export function cdsFiles(fatJar: string, javaPath: string, javaVersion: string): CdsFiles {
  const jar = realpathSync(fatJar);
  const j = statSync(jar);
  const key = createHash('sha256').update([jar, j.size, j.mtimeMs, realpathOr(javaPath), javaVersion].join('\n')).digest('hex').slice(0, 16);
  const dir = join(cacheDir(), 'engine-cds', `${javaVersion}-${key}`);
  return { dir, jar: join(dir, 'app', basename(jar)), archive: join(dir, 'engine.jsa'), failure: join(dir, 'training-failed.txt') };
}

function realpathOr(path: string) { try { return realpathSync(path); } catch { return path; } }

/** How long a failed training run is not tried again by a start. */
const RETRY_FAILED_TRAINING_MS = 7 * 24 * 3600_000;

/** Why the last training run for these files failed, while that is recent enough to stand. */
export function cdsFailure(cds: CdsFiles): string | undefined {
  try {
    if (Date.now() - statSync(cds.failure).mtimeMs > RETRY_FAILED_TRAINING_MS) return undefined;
    return readFileSync(cds.failure, 'utf8').trim();
  } catch { return undefined; }
}

/** The engine's JVM arguments: the archive and the extracted jar when both are made, else the fat jar. */
export function engineLaunch(fatJar: string, java: { path: string; version: string }, heapMb?: number): EngineLaunch {
  const flags = engineJvmFlags(engineHeapMb(heapMb));
  if (process.env.PROCOS_ENGINE_CDS === 'off') return { jvmArgs: [...flags, '-jar', fatJar], cds: 'off (PROCOS_ENGINE_CDS=off)' };
  const cds = cdsFiles(fatJar, java.path, java.version);
  if (!existsSync(cds.archive) || !existsSync(cds.jar)) {
    const failed = cdsFailure(cds);
    return { jvmArgs: [...flags, '-jar', fatJar], cds: failed ? `no class-data archive: ${failed}` : 'no class-data archive yet (made by `procos resources`)' };
  }
  // -Xshare:auto (the default): an archive the JVM cannot use is ignored, the start goes on without it
  return { jvmArgs: [...flags, `-XX:SharedArchiveFile=${cds.archive}`, '-Xlog:cds=off', '-Xlog:cds+dynamic=off', '-jar', cds.jar], cds: `class-data archive ${cds.archive}` };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Makes the extracted jar and the archive for this jar + Java (idempotent). The training run is a
 * real engine start on a throw-away H2 database with ProcOS's config and auth, which deploys the
 * shipped processes and answers the REST calls the kernel makes at boot, then stops.
 */
export async function makeEngineCds(fatJar: string, java: { path: string; version: string }, log: (line: string) => void): Promise<string> {
  const cds = cdsFiles(fatJar, java.path, java.version);
  if (existsSync(cds.archive) && existsSync(cds.jar)) return cds.archive;
  ensureDir(cds.dir);
  if (!existsSync(cds.jar)) {
    const tmp = join(cds.dir, `app.${randomBytes(4).toString('hex')}.tmp`);
    const out = spawnSync(java.path, ['-Djarmode=tools', '-jar', fatJar, 'extract', '--destination', tmp], { encoding: 'utf8', timeout: 300_000 });
    if (out.status !== 0) { rmSync(tmp, { recursive: true, force: true }); throw new Error(`extracting ${fatJar} failed: ${(out.stderr || out.stdout || String(out.error)).trim().slice(-400)}`); }
    try { renameSync(tmp, join(cds.dir, 'app')); } catch { rmSync(tmp, { recursive: true, force: true }); /* another process made it first */ }
  }
  // one training run at a time per jar and Java (starts of several ProcOS at once)
  const lock = join(cds.dir, 'training.lock');
  try { writeFileSync(lock, String(process.pid), { flag: 'wx' }); } catch {
    const owner = Number(readFileSync(lock, 'utf8'));
    if (owner && owner !== process.pid && isAlive(owner)) throw new Error(`ProcOS process ${owner} is making it right now`);
    writeFileSync(lock, String(process.pid));
  }
  try {
    const base = baseArchive(java.path, cds.dir);
    log(`      training run of the engine to record the classes it loads (once per jar and Java)`);
    const tmpArchive = join(cds.dir, `engine.${randomBytes(4).toString('hex')}.jsa.tmp`);
    await trainingRun(cds.jar, java.path, tmpArchive, base);
    if (!existsSync(tmpArchive)) throw new Error('the training run wrote no class-data archive');
    renameSync(tmpArchive, cds.archive);
    for (const f of readdirSync(cds.dir)) if (f.endsWith('.jsa.tmp')) rmSync(join(cds.dir, f), { force: true });
    rmSync(cds.failure, { force: true });
    return cds.archive;
  } catch (err) {
    writeFileSync(cds.failure, `${(err as Error).message}\n`);
    throw err;
  } finally { rmSync(lock, { force: true }); }
}

/**
 * The JVM flags that put the engine's archive on a base archive: none when the runtime has its own
 * (a JDK, or a JRE from scripts/jlink.sh), else one made for it in `dir` (-Xshare:dump), whose path
 * the engine's archive records.
 */
function baseArchive(javaPath: string, dir: string): string[] {
  if (spawnSync(javaPath, ['-Xshare:on', '-version'], { stdio: 'ignore', timeout: 60_000 }).status === 0) return [];
  const base = join(dir, 'base.jsa');
  if (!existsSync(base)) {
    const out = spawnSync(javaPath, ['-Xshare:dump', `-XX:SharedArchiveFile=${base}`], { encoding: 'utf8', timeout: 300_000 });
    if (out.status !== 0 || !existsSync(base)) {
      throw new Error(`the Java runtime at ${javaPath} has no base class-data archive and could not make one: ${(out.stderr || out.stdout || String(out.error)).trim().slice(-400)}`);
    }
  }
  return [`-XX:SharedArchiveFile=${base}`];
}

async function trainingRun(jar: string, javaPath: string, archive: string, baseFlags: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'procos-engine-training-'));
  const port = await freePort();
  // ProcOS's own config (engine-config.ts), on a throw-away H2 database
  writeFileSync(join(dir, 'application.yml'), engineConfigYaml({ port, h2Path: join(dir, 'h2', 'training'), creds: { user: 'admin', password: 'training' } }));
  const child = spawn(javaPath, [...engineJvmFlags(), ...baseFlags, `-XX:ArchiveClassesAtExit=${archive}`, '-jar', jar, `--spring.config.location=file:${join(dir, 'application.yml')}`],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr = (stderr + d).slice(-2000); });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const rest = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${port}/engine-rest${path}`, { ...init, headers: { ...engineAuthHeaders({ user: 'admin', password: 'training' }), ...init.headers }, signal: AbortSignal.timeout(30_000) });
  try {
    const deadline = Date.now() + 600_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the training run exited with ${child.exitCode}: ${stderr.trim().slice(-400)}`);
      if (Date.now() > deadline) throw new Error('the training run did not get ready in 10 minutes');
      if (await rest('/engine').then((r) => r.ok, () => false)) break;
      await sleep(250);
    }
    // what a start does: deploy the shipped processes, read definitions, statistics and history
    const form = new FormData();
    form.append('deployment-name', 'training');
    for (const f of readdirSync(processesDir()).filter((n) => n.endsWith('.bpmn'))) {
      form.append(f, new Blob([await readFile(join(processesDir(), f))], { type: 'application/xml' }), f);
    }
    await rest('/deployment/create', { method: 'POST', body: form });
    for (const path of ['/process-definition?latestVersion=true', '/process-definition/statistics?incidents=true',
      '/history/process-instance/count', '/external-task?active=true', '/incident/count']) await rest(path);
  } finally {
    child.kill('SIGTERM'); // the archive is written as the JVM exits
    const kill = setTimeout(() => child.kill('SIGKILL'), 120_000);
    await exited;
    clearTimeout(kill);
    rmSync(dir, { recursive: true, force: true });
  }
}
