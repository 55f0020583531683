/**
 * `npm run bench -- soak`: months on a laptop, compressed. ProcOS headless (bundled as `npm start` runs it,
 * private ports, a fresh data dir) runs instances as fast as it can: three in four shaped like the health
 * loop (a timer-less copy of procos_system: the real system worker's `system_health_check`), one in four
 * user traffic (the generic worker's `input_validation` with a few variables). Both keep no history
 * (TTL P0D): each finished run stands for one whose time to live has passed, so the engine's history
 * cleanup (its all-day window, plus one trigger per simulated day, as a daily window would) and the H2
 * maintenance do in minutes what they do over days. Every 15 s it samples each part's RSS and the sizes
 * of the data dir, the H2 file and procos.db.
 *
 * Goals: data dir ≤ 300 MB whatever N; no part's RSS grows more than 10 % after warm-up (the first
 * fifth of the runs). BENCH_SOAK_N sets N (default 20 000, about a week of the 30 s health loop), but no
 * run starts after BENCH_SOAK_MINUTES (default 7: the whole bench within 10 minutes on a loaded 2-core
 * machine, which does fewer).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { createHttpClient } from '../../common/http-client';
import { freePort } from '../../main/kernel/ports';
import { engineRest } from '../helpers/engine-rest';
import { ensureBuilt } from './build';
import { processTree, type ProcRss } from './proc-tree';

const root = resolve(import.meta.dirname, '..', '..');
const N = Number(process.env.BENCH_SOAK_N ?? 20_000);
/** no new run after this long, whatever N: the default run stays within 10 minutes on a slow machine */
const MAX_RUN_MS = Number(process.env.BENCH_SOAK_MINUTES ?? 7) * 60_000;
const CONCURRENCY = 8;
const HEALTH_RUNS_PER_DAY = 2880; // every 30 s
const SAMPLE_MS = 15_000;
const MB = 1024 * 1024;

const bpmn = (key: string, task: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="${key}_d" targetNamespace="https://procos.dev/bench">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P0D">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    ${task}
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
const HEALTH = bpmn('soak_health', '<bpmn:serviceTask id="task" camunda:type="external" camunda:topic="system_health_check"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>');
const USER = bpmn('soak_user', `<bpmn:serviceTask id="task" camunda:type="external" camunda:topic="input_validation">
      <bpmn:extensionElements><camunda:inputOutput>
        <camunda:inputParameter name="required_fields">customer,email,amount</camunda:inputParameter>
        <camunda:inputParameter name="field_types">{"email":"email","amount":"number"}</camunda:inputParameter>
      </camunda:inputOutput></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>`);

/** Bytes under a folder (files only). */
function duBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    try { const s = statSync(join(dir, name)); if (s.isFile()) total += s.size; } catch { /* gone meanwhile */ }
  }
  return total;
}
const sizeOf = (file: string) => { try { return statSync(file).size; } catch { return 0; } };

function part(p: ProcRss, kernelPid: number): 'kernel' | 'engine' | 'workers' | undefined {
  if (p.pid === kernelPid) return 'kernel';
  if (/\bjava\b/.test(p.name) && p.name.includes('camunda-run')) return 'engine';
  if (/workers[/\\]main/.test(p.name)) return 'workers';
  return undefined;
}

interface Sample { runs: number; rss: Record<'kernel' | 'engine' | 'workers', number>; dataDir: number; h2: number; procosDb: number }

function sample(kernelPid: number, home: string, runs: number): Sample {
  const rss = { kernel: 0, engine: 0, workers: 0 };
  for (const p of processTree(kernelPid)) { const which = part(p, kernelPid); if (which) rss[which] += p.rssKb / 1024; }
  return {
    runs, rss, dataDir: duBytes(home) / MB, h2: sizeOf(join(home, 'engine', 'h2', 'procos.mv.db')) / MB,
    procosDb: (sizeOf(join(home, 'procos.db')) + sizeOf(join(home, 'procos.db-wal'))) / MB,
  };
}

async function startProcos(home: string): Promise<ChildProcess> {
  const env = { ...process.env, PROCOS_HOME: home, PROCOS_OLLAMA_URL: `http://127.0.0.1:${await freePort()}`, PROCOS_ENGINE_PORT: String(await freePort()) };
  const child = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'start', '--headless', '--port', '0'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d) => { out += d; if (out.includes('ProcOS ready at')) ok(); });
    child.stderr!.on('data', (d) => { out += d; });
    child.once('exit', (code) => fail(new Error(`procos start exited with ${code}:\n${out}`)));
  });
  return child;
}

const f1 = (n: number) => n.toFixed(1);
const growth = (a: number, b: number) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;

export async function benchSoak() {
  ensureBuilt();
  console.log(`soak: up to ${N} instances (none started after ${MAX_RUN_MS / 60_000} min), ${CONCURRENCY} at a time, history TTL P0D, sampling every ${SAMPLE_MS / 1000} s`);
  const home = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const child = await startProcos(home);
  try {
    const rt = JSON.parse(readFileSync(join(home, 'runtime.json'), 'utf8'));
    const api = createHttpClient({ baseUrl: rt.apiBase, token: rt.token });
    const { call: engine } = await engineRest(api, home);
    for (const [name, xml] of [['soak_health.bpmn', HEALTH], ['soak_user.bpmn', USER]]) {
      const r = await api.deploy({ files: [{ name, xml }] });
      if (!r.ok) throw new Error(`deploy ${name}: ${JSON.stringify(r.errors)}`);
    }
    const first = sample(child.pid!, home, 0);
    const samples: Sample[] = [first];
    let runs = 0;
    let failures = 0;
    const reasons = new Map<string, number>();
    let nextCleanup = HEALTH_RUNS_PER_DAY;
    const started = Date.now();
    const sampler = setInterval(() => {
      const s = sample(child.pid!, home, runs);
      samples.push(s);
      console.log(`  ${String(runs).padStart(6)} runs  data dir ${f1(s.dataDir)} MB  H2 ${f1(s.h2)} MB  procos.db ${f1(s.procosDb)} MB  RSS engine ${s.rss.engine.toFixed(0)} kernel ${s.rss.kernel.toFixed(0)} workers ${s.rss.workers.toFixed(0)} MB`);
    }, SAMPLE_MS);
    const lane = async (lane: number) => {
      for (let i = lane; i < N && Date.now() - started < MAX_RUN_MS; i += CONCURRENCY) {
        const key = i % 4 === 3 ? 'soak_user' : 'soak_health';
        const variables = key === 'soak_user' ? { customer: `c${i}`, email: `c${i}@example.com`, amount: i } : {};
        const r = await api.run({ key, variables, wait: true, timeoutSeconds: 120 }).catch((e: Error) => e);
        if (r instanceof Error || r.state !== 'COMPLETED') {
          failures++;
          const why = (r instanceof Error ? r.message : `ended ${r.state}`).replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '…');
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
        }
        runs++;
        if (runs >= nextCleanup) { // one simulated day: as a daily cleanup window would
          nextCleanup += HEALTH_RUNS_PER_DAY;
          await engine('/history/cleanup?immediatelyDue=true', { method: 'POST', body: {} }).catch(() => undefined);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, l) => lane(l)));
    const minutes = (Date.now() - started) / 60_000;
    // the last simulated day's cleanup, and a maintenance round of the engine, before the last sample
    await engine('/history/cleanup?immediatelyDue=true', { method: 'POST', body: {} }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 75_000));
    clearInterval(sampler);
    const last = sample(child.pid!, home, runs);
    samples.push(last);
    const warm = samples.find((s) => s.runs >= runs / 5) ?? samples[1] ?? first;
    const history = await engine<{ count: number }>('/history/process-instance/count').catch(() => ({ count: -1 }));
    console.log(`  ${runs} runs in ${minutes.toFixed(1)} min (${(runs / minutes / 60).toFixed(1)}/s), ${failures} not completed; history left: ${history.count} instances`);
    for (const [why, n] of reasons) console.log(`    not completed ×${n}: ${why.slice(0, 200)}`);
    console.log(`  largest: data dir ${f1(Math.max(...samples.map((s) => s.dataDir)))} MB, H2 ${f1(Math.max(...samples.map((s) => s.h2)))} MB, procos.db ${f1(Math.max(...samples.map((s) => s.procosDb)))} MB`);
    console.log(`  RSS after warm-up (${warm.runs} runs) → end: engine ${growth(warm.rss.engine, last.rss.engine)}, kernel ${growth(warm.rss.kernel, last.rss.kernel)}, workers ${growth(warm.rss.workers, last.rss.workers)} (goal: each ≤ +10 %)`);
    console.log(`  goals: data dir ≤ 300 MB — ${Math.max(...samples.map((s) => s.dataDir)) <= 300 ? 'met' : 'NOT met'}; RSS growth ≤ 10 % — ${(['engine', 'kernel', 'workers'] as const).every((p) => last.rss[p] <= warm.rss[p] * 1.1) ? 'met' : 'NOT met'}`);
    const days = runs / HEALTH_RUNS_PER_DAY;
    console.log(`soak: ${runs} instances (≈ ${days.toFixed(1)} days of the health loop), data dir ${f1(first.dataDir)} MB → ${f1(last.dataDir)} MB, H2 ${f1(last.h2)} MB, RSS engine ${warm.rss.engine.toFixed(0)}→${last.rss.engine.toFixed(0)} MB kernel ${warm.rss.kernel.toFixed(0)}→${last.rss.kernel.toFixed(0)} MB workers ${warm.rss.workers.toFixed(0)}→${last.rss.workers.toFixed(0)} MB`);
  } finally {
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await exited;
    rmSync(home, { recursive: true, force: true });
  }
}
