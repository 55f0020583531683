/**
 * `npm run bench -- startup`: stock Camunda Run (the same jar, its own default config: port 8080,
 * in-memory H2, no auth; plain `java -jar`) from launch to REST ready, against ProcOS headless from
 * launch to all-ready (engine + Ollama + model + workers + boot deployment), cold (fresh data dir)
 * and warm (second start on the same data dir). Same machine, same Java, same run, alternating rounds.
 * Where the monitor bench left its data dir of 100 000 instances (`BENCH_MONITOR_N=100000 npm run bench --
 * monitor`; BENCH_FULL_N names another size), ProcOS also starts on it each round: a full data dir's start
 * against a fresh one's (goal ≤ 1.2×).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { findJava } from '../../main/kernel/engine';
import { engineLaunch, makeEngineCds } from '../../main/kernel/engine-launch';
import { freePort, isPortFree } from '../../main/kernel/ports';
import { resourcePaths } from '../../main/kernel/paths';
import { ensureBuilt } from './build';
import { monitorDataDir } from './monitor';

const root = resolve(import.meta.dirname, '..', '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FULL_N = Number(process.env.BENCH_FULL_N ?? 100_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

function stopped(child: ChildProcess) {
  return new Promise<void>((ok) => { if (child.exitCode !== null) ok(); else { child.once('exit', () => ok()); child.kill('SIGTERM'); } });
}

async function stockCamundaRun(): Promise<number> {
  // its default config; only the port moves when someone else holds 8080
  const port = (await isPortFree(8080)) ? 8080 : await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'stock-run-'));
  const started = performance.now();
  const args = ['-jar', resourcePaths().camundaJar, ...(port === 8080 ? [] : [`--server.port=${port}`])];
  const child = spawn(findJava().path, args, { cwd, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`stock Camunda Run exited with ${child.exitCode}`);
      const ok = await fetch(`http://localhost:${port}/engine-rest/engine`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - started;
      await sleep(50);
    }
  } finally { await stopped(child); rmSync(cwd, { recursive: true, force: true }); }
}

async function procosHeadless(home: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'start', '--headless', '--port', '0'], {
    cwd: root, env: { ...process.env, PROCOS_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    return await new Promise<number>((ok, fail) => {
      let out = '';
      child.stdout!.on('data', (d) => { out += d; if (out.includes('ProcOS ready at')) ok(performance.now() - started); });
      child.stderr!.on('data', (d) => { out += d; });
      child.on('exit', (code) => fail(new Error(`procos start exited with ${code}:\n${out}`)));
    });
  } finally { await stopped(child); }
}

export async function benchStartup() {
  ensureBuilt(); // as `npm start` does: the bundled workers when dist/ is current
  console.log(`startup: ${ROUNDS} rounds, Java ${findJava().version} (${findJava().path})`);
  // what `procos resources` makes once per jar and Java; made here first if it is missing, so no round pays for it
  const archive = await makeEngineCds(resourcePaths().camundaJar, findJava(), (l) => console.log(l)).catch((e: Error) => `none (${e.message})`);
  console.log(`engine launch: ${engineLaunch(resourcePaths().camundaJar, findJava()).jvmArgs.join(' ')}\nclass-data archive: ${archive}`);
  const fullDir = monitorDataDir(FULL_N);
  const haveFull = existsSync(join(fullDir, 'engine'));
  console.log(haveFull ? `full data dir: ${fullDir} (the monitor bench's ${FULL_N} instances)`
    : `full data dir: none at ${fullDir} — \`BENCH_MONITOR_N=${FULL_N} npm run bench -- monitor\` makes it; its row is left out`);
  const stock: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    stock.push(await stockCamundaRun());
    const home = mkdtempSync(join(tmpdir(), 'bench-procos-'));
    cold.push(await procosHeadless(home));
    warm.push(await procosHeadless(home));
    rmSync(home, { recursive: true, force: true });
    if (haveFull) full.push(await procosHeadless(fullDir));
    console.log(`  round ${i + 1}: stock ${Math.round(stock[i])} ms, ProcOS cold ${Math.round(cold[i])} ms, warm ${Math.round(warm[i])} ms${haveFull ? `, full ${Math.round(full[i])} ms` : ''}`);
  }
  const anchor = median(stock);
  const row = (name: string, xs: number[]) =>
    console.log(`${name.padEnd(44)} ${String(Math.round(median(xs))).padStart(7)} ms   ${(median(xs) / anchor).toFixed(2)}×`);
  console.log('\nmedian launch → ready                            time    vs stock');
  row('stock Camunda Run (REST ready) [anchor]', stock);
  row('ProcOS headless, cold data dir (all ready)', cold);
  row('ProcOS headless, warm data dir (all ready)', warm);
  if (haveFull) row(`ProcOS headless, data dir of ${FULL_N} instances`, full);
  console.log(`goal: ≤ 0.70× (${median(warm) / anchor <= 0.7 ? 'met' : 'NOT met'})`);
  if (haveFull) {
    const ratio = median(full) / median(cold);
    console.log(`full data dir: all ready ${(median(full) / 1000).toFixed(1)} s = ${ratio.toFixed(2)}× the fresh data dir's (goal ≤ 1.2×: ${ratio <= 1.2 ? 'met' : 'NOT met'})`);
  }
  console.log(`startup: ProcOS warm all-ready / stock Camunda Run REST-ready = ${(median(warm) / anchor).toFixed(2)}`);
}
