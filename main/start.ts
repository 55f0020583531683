/**
 * `procos start`: the desktop app where Electron's binary exists, else headless mode. Headless
 * serves the UI at once (the start-up screen shows the boot), prints `ProcOS ready at <url>` when
 * every component is ready, and stops everything cleanly on SIGINT/SIGTERM. A component that keeps
 * failing at start-up does not end it: the UI stays up and shows why (as the desktop does). A start
 * on a data dir where ProcOS already runs is refused (exit 1) and touches none of its files.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Kernel } from './kernel';
import { AlreadyRunningError, InstanceLock } from './kernel/instance-lock';
import { checkDataVersion, DataDirTooNew } from './kernel/data-version';
import { isCorruption } from './kernel/store-recovery';
import { serveHeadless, type RuntimeInfo } from './headless';
import { appRoot, cacheDir, dataDir, ensureDir } from './kernel/paths';
import { fetchResources, resourcesPresent } from './resources';
import { appendRotatedLog } from './kernel/log-files';
import { bundleIsCurrent } from '../scripts/build-stamp.mjs';

/** The Electron binary, if one can be had here (electron ≥ 42 fetches it lazily, which may fail). */
function electronBinary(): { path?: string; why?: string } {
  if (!existsSync(join(appRoot, 'dist', 'main', 'app.cjs'))) return { why: 'the desktop shell is not built (dist/main/app.cjs)' };
  let electronPackage: string;
  try { electronPackage = createRequire(import.meta.url).resolve('electron'); } catch { return { why: 'Electron is not installed' }; }
  // the probe's answer is cached: it holds while the electron package and its path.txt stay the same
  const cacheFile = join(cacheDir(), 'electron-probe.json');
  const key = electronProbeKey(electronPackage);
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key: string; path?: string; why?: string };
    if (cached.key === key && (!cached.path || existsSync(cached.path))) return { path: cached.path, why: cached.why };
  } catch { /* no answer cached yet */ }
  // resolved in a child: the electron package may try (and noisily fail) to download its binary
  const probe = spawnSync(process.execPath, ['-e', `process.stdout.write('\\n' + require(${JSON.stringify(electronPackage)}))`],
    { encoding: 'utf8', timeout: 120_000 });
  const path = probe.status === 0 ? probe.stdout.split('\n').pop()!.trim() : '';
  const reason = /Error: (.*)/.exec(probe.stderr ?? '')?.[1] ?? 'no binary';
  const answer = path && existsSync(path) ? { path } : { why: `Electron's binary is not available (${reason})` };
  // a probe that timed out or could not run is not an answer to keep
  if (!probe.error) try { mkdirSync(cacheDir(), { recursive: true }); writeFileSync(cacheFile, JSON.stringify({ key, ...answer })); } catch { /* asked again next time */ }
  return answer;
}

/** What the probe's answer depends on: the package (version, install time), its path.txt, the override. */
function electronProbeKey(electronPackage: string): string {
  const dir = dirname(electronPackage);
  const stamp = (f: string) => { try { const s = statSync(join(dir, f)); return `${s.size}:${s.mtimeMs}`; } catch { return '-'; } };
  return [dir, stamp('package.json'), stamp('path.txt'), stamp('dist'), process.env.ELECTRON_OVERRIDE_DIST_PATH ?? ''].join('|');
}

async function alreadyRunning(): Promise<RuntimeInfo | undefined> {
  const file = join(dataDir(), 'runtime.json');
  if (!existsSync(file)) return undefined;
  const rt = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
  try {
    process.kill(rt.pid, 0);
    const res = await fetch(`${rt.apiBase}/api/status`, { method: 'POST', headers: { authorization: `Bearer ${rt.token}` }, signal: AbortSignal.timeout(2000) });
    return res.ok ? rt : undefined;
  } catch { return undefined; }
}

export async function start(opts: { headless: boolean; port?: number }): Promise<number> {
  const running = await alreadyRunning();
  if (running) {
    console.error(`ProcOS is already running (pid ${running.pid}) at ${running.url}`);
    return 1;
  }
  if (!resourcesPresent()) {
    // a ProcOS already running here uses them (copying over its Ollama fails with ETXTBSY): ask the lock
    // first — in a data dir this ProcOS may use at all (one from a newer release is left untouched)
    let lock: InstanceLock;
    try {
      try { checkDataVersion(dataDir()); } catch (err) { if (!isCorruption(err)) throw err; } // unreadable: moved aside later
      lock = InstanceLock.acquire(ensureDir(dataDir()));
    } catch (err) {
      if (!(err instanceof AlreadyRunningError) && !(err instanceof DataDirTooNew)) throw err;
      console.error(err.message);
      return 1;
    }
    console.log('First start: fetching the bundled resources (this takes minutes once; later starts are fast).');
    try { await fetchResources(); } finally { lock.release(); }
  }
  if (!opts.headless) {
    const electron = electronBinary();
    if (electron.path) {
      console.log('Starting the ProcOS desktop app (Electron).');
      const child = spawn(electron.path, [appRoot], { stdio: 'inherit' });
      return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
    }
    console.log(`${electron.why}: starting headless — the same UI and API in your browser.`);
  }
  return startHeadless(opts.port);
}

async function startHeadless(port?: number): Promise<number> {
  // the bundled workers when dist/ is current (`npm start` builds it): a third less memory per worker, no compile at start
  const workerEntry = bundleIsCurrent(appRoot, 'workers') ? join(appRoot, 'dist', 'workers', 'main.cjs') : undefined;
  let kernel: Kernel;
  try {
    kernel = new Kernel({ workerEntry }); // takes the data dir's lock first: a second ProcOS stops here
  } catch (err) {
    if (!(err instanceof AlreadyRunningError)) throw err;
    console.error(err.message);
    return 1;
  }
  const server = await serveHeadless(kernel, { port });
  console.log(`ProcOS is starting; watch it at ${server.runtime.url}`);
  kernel.on('event', (e) => {
    if (e.type === 'component') console.log(`  ${e.name}: ${e.state} — ${e.detail}`);
    if (e.type === 'log' && e.component === 'kernel') console.log(`  kernel: ${e.line}`);
  });

  let stopping: Promise<void> | undefined;
  const stop = (why: string) => (stopping ??= (async () => {
    console.log(`Stopping ProcOS (${why})…`);
    await server.close();
    await kernel.stop();
    console.log('ProcOS stopped.');
  })());
  const exitOn = (signal: NodeJS.Signals) => process.once(signal, () => { void stop(signal).then(() => process.exit(0)); });
  exitOn('SIGINT');
  exitOn('SIGTERM');
  exitOnFatalErrors(kernel.home, stop);

  try {
    await kernel.start();
    console.log(`ProcOS ready at ${server.runtime.url}`);
  } catch (err) {
    // the UI that shows why stays up; a restart from it (or by itself) finishes the boot
    console.error(`ProcOS is up, but not ready: ${(err as Error).message}\n  see why, and restart it, at ${server.runtime.url}`);
    const whenReady = () => {
      if (!kernel.status().ready) return;
      kernel.off('event', whenReady);
      console.log(`ProcOS ready at ${server.runtime.url}`);
    };
    kernel.on('event', whenReady);
  }
  await new Promise(() => { /* serve until a signal */ });
  return 0;
}

/** How long a dying kernel waits for its children to stop before it exits anyway. */
const FATAL_STOP_TIMEOUT_MS = 30_000;

/**
 * An error nothing caught (a bug, a library that throws from a callback) ends the kernel, but not
 * before it is logged (terminal and <data dir>/logs/kernel.log) and the children are stopped, so
 * no engine or model server outlives it. Exit code 1.
 */
function exitOnFatalErrors(home: string, stop: (why: string) => Promise<void>) {
  let dying = false;
  const onFatal = (kind: string) => (err: unknown) => {
    const text = `${new Date().toISOString()} ProcOS kernel: ${kind}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`;
    console.error(text);
    try { appendRotatedLog(join(home, 'logs', 'kernel.log'), text); } catch { /* the terminal has it */ }
    if (dying) return;
    dying = true;
    process.exitCode = 1;
    const timeout = new Promise((r) => setTimeout(r, FATAL_STOP_TIMEOUT_MS).unref());
    void Promise.race([stop(kind).catch((e: Error) => console.error(`stopping after ${kind}: ${e.message}`)), timeout])
      .finally(() => process.exit(1));
  };
  process.on('uncaughtException', onFatal('uncaught exception'));
  process.on('unhandledRejection', onFatal('unhandled rejection'));
}
