/**
 * `npm run bench -- memory`: resident memory after ready + 60 s idle. ProcOS headless (kernel, engine,
 * Ollama with no model loaded, workers: the sum of VmRSS over its whole process tree) and, started
 * alongside in the same run, stock Camunda Run (the same jar, its default config, plain `java -jar`).
 * Goals: engine ≤ 300 MB, whole stack ≤ 600 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { findJava } from '../../main/kernel/engine';
import { freePort } from '../../main/kernel/ports';
import { resourcePaths } from '../../main/kernel/paths';
import { ensureBuilt } from './build';
import { processTree, type ProcRss } from './proc-tree';

const root = resolve(import.meta.dirname, '..', '..');
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 60_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => Math.round(kb / 1024);

function stopped(child: ChildProcess) {
  return new Promise<void>((ok) => { if (child.exitCode !== null) ok(); else { child.once('exit', () => ok()); child.kill('SIGTERM'); } });
}

async function startStock(): Promise<{ child: ChildProcess; cwd: string; ready: Promise<void> }> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'stock-run-'));
  const child = spawn(findJava().path, ['-jar', resourcePaths().camundaJar, `--server.port=${port}`], { cwd, stdio: 'ignore' });
  const ready = (async () => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`stock Camunda Run exited with ${child.exitCode}`);
      if (await fetch(`http://localhost:${port}/engine-rest/engine`).then((r) => r.ok, () => false)) return;
      await sleep(250);
    }
  })();
  return { child, cwd, ready };
}

async function startProcos(home: string): Promise<{ child: ChildProcess; ready: Promise<void> }> {
  // private ports: an Ollama on 11434 would be shared with whoever else runs one (and their models)
  const env = { ...process.env, PROCOS_HOME: home, PROCOS_OLLAMA_URL: `http://127.0.0.1:${await freePort()}`, PROCOS_ENGINE_PORT: String(await freePort()) };
  const child = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'start', '--headless', '--port', '0'], {
    cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d) => { out += d; if (out.includes('ProcOS ready at')) ok(); });
    child.stderr!.on('data', (d) => { out += d; });
    child.on('exit', (code) => fail(new Error(`procos start exited with ${code}:\n${out}`)));
  });
  return { child, ready };
}

/** Which part of ProcOS a process is, by its command line. */
function partOf(p: ProcRss, kernelPid: number): string {
  if (p.pid === kernelPid) return 'kernel (Node)';
  if (/\bjava\b/.test(p.name) && p.name.includes('camunda-run')) return 'engine (Camunda Run)';
  if (/ollama/.test(p.name)) return /runner/.test(p.name) ? 'Ollama runner (a model loaded)' : 'Ollama';
  if (/workers[/\\]main/.test(p.name)) return 'workers';
  if (p.name.includes('procos watchdog')) return /^\S*node /.test(p.name) ? 'kernel watchdog (Node)' : 'kernel watchdog (sh)';
  return `other: ${p.name.slice(0, 60)}`;
}

export async function benchMemory() {
  ensureBuilt(); // as `npm start` does: the bundled workers when dist/ is current
  console.log(`memory: ProcOS headless and stock Camunda Run started together; RSS after ready + ${IDLE_MS / 1000} s idle`);
  const home = mkdtempSync(join(tmpdir(), 'bench-procos-mem-'));
  const stock = await startStock();
  const procos = await startProcos(home);
  try {
    await Promise.all([stock.ready, procos.ready]);
    console.log(`  both ready; idling ${IDLE_MS / 1000} s`);
    await sleep(IDLE_MS);
    const tree = processTree(procos.child.pid!);
    const parts = new Map<string, { kb: number; n: number }>();
    for (const p of tree) {
      const part = partOf(p, procos.child.pid!);
      const acc = parts.get(part) ?? { kb: 0, n: 0 };
      parts.set(part, { kb: acc.kb + p.rssKb, n: acc.n + 1 });
    }
    const stockKb = processTree(stock.child.pid!).reduce((n, p) => n + p.rssKb, 0);
    const totalKb = tree.reduce((n, p) => n + p.rssKb, 0);
    const engineKb = parts.get('engine (Camunda Run)')?.kb ?? 0;
    console.log('\n| part                              | processes |   RSS MB |');
    console.log('|-----------------------------------|----------:|---------:|');
    for (const [part, { kb, n }] of [...parts].sort((a, b) => b[1].kb - a[1].kb)) {
      console.log(`| ${part.padEnd(33)} | ${String(n).padStart(9)} | ${String(mb(kb)).padStart(8)} |`);
    }
    console.log(`| ${'ProcOS stack, total'.padEnd(33)} | ${String(tree.length).padStart(9)} | ${String(mb(totalKb)).padStart(8)} |`);
    console.log(`| ${'stock Camunda Run [anchor]'.padEnd(33)} | ${'1'.padStart(9)} | ${String(mb(stockKb)).padStart(8)} |`);
    console.log(`goals: engine ≤ 300 MB (${mb(engineKb) <= 300 ? 'met' : 'NOT met'}), stack ≤ 600 MB (${mb(totalKb) <= 600 ? 'met' : 'NOT met'})`);
    console.log(`memory: stack idle RSS ${mb(totalKb)} MB (engine ${mb(engineKb)} MB), stock Camunda Run ${mb(stockKb)} MB`);
  } finally {
    await Promise.all([stopped(procos.child), stopped(stock.child)]);
    rmSync(home, { recursive: true, force: true });
    rmSync(stock.cwd, { recursive: true, force: true });
  }
}
