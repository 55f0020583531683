/**
 * `npm run chaos`: the fault table against a real stack it boots itself (temp PROCOS_HOME), one row
 * per fault — completed and lost work, seconds until status says ready again, kernel deaths (exits
 * nobody asked for). It reports what happens, asserts nothing, and stops everything it started.
 * Not part of `npm test`. Bounded: each fault has a limit and the whole run stops starting faults
 * after CHAOS_BUDGET_S (default 780 s). `npm run chaos -- fuzz bpmn` runs only the named faults.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { ChaosStack, sleep } from './chaos-stack';
import { chainProcess } from '../helpers/workers-bpmn';
import { answerProblem, fuzzRequest, rawRequest, toBytes } from '../helpers/raw-http';
import { mutateBpmn } from './chaos-bpmn';
import { WORKER_KINDS } from '../../common/topics';

const root = resolve(import.meta.dirname, '..', '..');
const BUDGET_S = Number(process.env.CHAOS_BUDGET_S ?? 780);
const began = performance.now();
const elapsed = () => (performance.now() - began) / 1000;

interface Row { fault: string; completed: number | string; lost: number | string; readyS?: number; deaths: number; notes: string }
const rows: Row[] = [];
const stack = new ChaosStack(mkdtempSync(join(tmpdir(), 'procos-chaos-')));
const FLOW = 'chaos_flow';

/** Instances of `key`, by state, once all `n` are done or the limit passes. */
async function outcome(key: string, n: number, limitS: number) {
  const since = performance.now();
  let last = { completed: 0, incidents: 0, active: n };
  do {
    const count = async (state: 'COMPLETED' | 'INCIDENT' | 'ACTIVE') =>
      (await stack.client.instances({ definitionKey: key, state, maxResults: 1 } as never)).total;
    try { last = { completed: await count('COMPLETED'), incidents: await count('INCIDENT'), active: await count('ACTIVE') }; } catch { /* down for now */ }
    if (last.completed >= n) break;
    await sleep(1000);
  } while ((performance.now() - since) / 1000 < limitS && stack.kernelAlive());
  return last;
}

async function deployFlow(key: string, xml: string) {
  const result = await stack.client.deploy({ files: [{ name: `${key}.bpmn`, xml }] });
  if (!result.ok) throw new Error(`could not deploy ${key}: ${result.errors.map((e) => e.message).join('; ')}`);
}

/** Starts n instances of a fresh version-less key (so counts start at 0) and returns the key. */
async function startBatch(prefix: string, n: number, xml?: (key: string) => string): Promise<string> {
  const key = `${prefix}_${rows.length}`;
  await deployFlow(key, xml ? xml(key) : chainProcess(key, ['input_validation', 'input_validation']));
  for (let i = 0; i < n; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => stack.client.startInstance({ key, variables: {} } as never)));
  }
  return key;
}

async function pidOf(name: string): Promise<number | undefined> { return (await stack.status()).components[name]?.pid; }
function kill9(pid: number | undefined) { if (pid) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } } }

async function killComponentWithWork(fault: string, component: string, n: number, limitS = 180) {
  const key = await startBatch(FLOW, n);
  const deathsBefore = stack.deaths.length;
  const atKill = await outcome(key, n, 0);
  const pid = await pidOf(component);
  const since = performance.now();
  kill9(pid);
  const readyS = await stack.secondsUntilReady(since, 240, { name: component, pid });
  const done = await outcome(key, n, limitS);
  const after = (await stack.status().catch(() => undefined))?.components[component];
  rows.push({ fault, completed: done.completed, lost: n - done.completed, readyS, deaths: stack.deaths.length - deathsBefore,
    notes: `${n - atKill.completed} not yet completed at the kill; ${component} pid ${pid} → ${after?.pid ?? '?'} (${after?.state ?? '?'}); incidents ${done.incidents}, still active ${done.active}` });
}

const faults: Record<string, () => Promise<void>> = {
  async fuzz() {
    const deathsBefore = stack.deaths.length;
    const { apiBase, token } = stack.kernel!;
    const port = Number(new URL(apiBase).port);
    const requests = fc.sample(fuzzRequest(port, token), { numRuns: 1000, seed: 424242 });
    let answered = 0;
    const problems: string[] = [];
    for (let i = 0; i < requests.length; i += 8) {
      await Promise.all(requests.slice(i, i + 8).map(async (r) => {
        const problem = answerProblem(r, await rawRequest(port, toBytes(r), 5000));
        if (problem) problems.push(`${r.method} ${r.target.slice(0, 40)}: ${problem}`); else answered++;
      }));
    }
    const since = performance.now();
    const readyS = await stack.secondsUntilReady(since, 60);
    rows.push({ fault: '1000 fuzzed requests', completed: answered, lost: problems.length, readyS, deaths: stack.deaths.length - deathsBefore,
      notes: problems.length ? problems.slice(0, 2).join('; ') : 'every answer a proper HTTP answer or a closed connection' });
  },

  async bpmn() {
    const deathsBefore = stack.deaths.length;
    const sources = [
      ...readdirSync(join(root, 'test', 'fixtures')).filter((f) => f.endsWith('.bpmn')).map((f) => readFileSync(join(root, 'test', 'fixtures', f), 'utf8')),
      readFileSync(join(root, 'processes', 'example_generic.bpmn'), 'utf8'),
      chainProcess('chaos_chain', ['input_validation', 'http_request']),
    ];
    const tally = { deployed: 0, refused: 0, clientError: 0, serverError: 0, noAnswer: 0 };
    let example = '';
    for (let i = 0; i < 200; i++) {
      const xml = mutateBpmn(sources[i % sources.length], i);
      try {
        const result = await stack.client.deploy({ files: [{ name: `mutant-${i}.bpmn`, xml }] });
        if (result.ok) tally.deployed++; else tally.refused++;
      } catch (err) {
        const status = (err as { status?: number }).status ?? 0;
        if (status >= 500 && status !== 503) { tally.serverError++; example ||= (err as Error).message.slice(0, 80); } else if (status === 503) tally.noAnswer++; else tally.clientError++;
      }
    }
    const readyS = await stack.secondsUntilReady(performance.now(), 60);
    rows.push({ fault: '200 mutated BPMN deploys', completed: tally.deployed + tally.refused + tally.clientError, lost: tally.serverError + tally.noAnswer, readyS,
      deaths: stack.deaths.length - deathsBefore, notes: `deployed ${tally.deployed}, refused with reasons ${tally.refused + tally.clientError}, 5xx ${tally.serverError}, no answer ${tally.noAnswer}${example ? ` (${example})` : ''}` });
  },

  engine: () => killComponentWithWork('kill -9 engine, 100 instances in flight', 'engine', 100, 240),

  async workers() {
    for (const kind of WORKER_KINDS) await killComponentWithWork(`kill -9 worker:${kind}`, `worker:${kind}`, 30, 120);
  },

  async ollama() {
    const deathsBefore = stack.deaths.length;
    const { id } = await stack.client.startInstance({ key: 'ai_query_process', variables: { user_query: 'Describe a river in five sentences.' } } as never);
    let answering = false;
    const off = stack.client.onEvent((e) => { if (e.type === 'ai-token' && e.instanceId === id) answering = true; });
    for (let i = 0; i < 60 && !answering; i++) await sleep(500);
    off();
    const pid = await pidOf('ollama');
    const since = performance.now();
    kill9(pid);
    const readyS = await stack.secondsUntilReady(since, 240, { name: 'ollama', pid });
    let detail = { state: 'ACTIVE', incidents: [] as { message?: string }[] };
    for (let i = 0; i < 150 && detail.state === 'ACTIVE'; i++) {
      detail = await stack.client.instance({ id } as never).catch(() => detail) as typeof detail;
      if (detail.state === 'ACTIVE') await sleep(1000);
    }
    const incident = detail.incidents?.[0]?.message ? `: ${detail.incidents[0].message.slice(0, 100)}` : '';
    rows.push({ fault: 'kill -9 Ollama mid-answer', completed: detail.state === 'COMPLETED' ? 1 : 0, lost: detail.state === 'COMPLETED' ? 0 : 1, readyS,
      deaths: stack.deaths.length - deathsBefore, notes: `${answering ? 'killed while tokens streamed' : 'no token seen before the kill'}; instance ${detail.state}${incident}` });
  },

  async port() {
    const deathsBefore = stack.deaths.length;
    const engine = (await stack.status()).components.engine as { pid?: number; port?: number };
    const oldPort = engine.port!;
    const heard = { requests: 0, withAuth: 0 };
    kill9(engine.pid);
    const since = performance.now();
    let squatter: Server | undefined;
    for (let i = 0; i < 200 && !squatter; i++) {
      squatter = await new Promise<Server | undefined>((ok) => {
        const s = createServer((sock) => {
          sock.on('data', (d) => {
            heard.requests++;
            if (/^authorization:/im.test(d.toString('latin1'))) heard.withAuth++;
            sock.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
          });
          sock.on('error', () => undefined);
        });
        s.once('error', () => ok(undefined));
        s.listen(oldPort, '127.0.0.1', () => ok(s));
      });
      if (!squatter) await sleep(25);
    }
    try {
      const readyS = await stack.secondsUntilReady(since, 240, { name: 'engine', pid: engine.pid });
      const key = await startBatch(FLOW, 20);
      const done = await outcome(key, 20, 120);
      const now = (await stack.status().catch(() => undefined))?.components.engine as { port?: number } | undefined;
      rows.push({ fault: 'engine port taken', completed: done.completed, lost: 20 - done.completed, readyS, deaths: stack.deaths.length - deathsBefore,
        notes: `${squatter ? `squatter on ${oldPort}` : `could not take ${oldPort}`}; engine now on ${now?.port ?? '?'}; squatter got ${heard.requests} requests, ${heard.withAuth} with credentials` });
    } finally {
      squatter?.close();
    }
  },

  async crashloop() {
    const deathsBefore = stack.deaths.length;
    const key = await startBatch(FLOW, 20);
    const killed = new Set<number>();
    const loopStart = performance.now();
    let engine = (await stack.status()).components.engine;
    while (killed.size < 6 && (performance.now() - loopStart) / 1000 < 150) {
      engine = (await stack.status().catch(() => undefined))?.components.engine ?? engine;
      if (engine.pid && !killed.has(engine.pid)) { killed.add(engine.pid); kill9(engine.pid); }
      if (engine.state === 'failed' && killed.size >= 2 && !engine.pid) break;
      await sleep(100);
    }
    await sleep(3000);
    const state = (await stack.status()).components.engine;
    const since = performance.now();
    if (state.state !== 'ready') await stack.client.restartComponent({ name: 'engine' }).catch(() => undefined);
    const readyS = await stack.secondsUntilReady(since);
    const done = await outcome(key, 20, 120);
    rows.push({ fault: `engine crash loop (${killed.size} kills)`, completed: done.completed, lost: 20 - done.completed, readyS, deaths: stack.deaths.length - deathsBefore,
      notes: `after the loop: ${state.state} — ${state.detail.slice(0, 90)}${state.state !== 'ready' ? '; then Restart' : ''}` });
  },

  async kernel() {
    const deathsBefore = stack.deaths.length;
    const key = await startBatch('chaos_wait', 20, (k) => readFileSync(join(root, 'test', 'fixtures', 'wait_for_user.bpmn'), 'utf8').replaceAll('"wait_for_user"', `"${k}"`));
    await stack.client.updateSettings({ 'workers.maxTasks': 7 } as never).catch(() => undefined);
    await stack.killKernel();
    const killedAt = performance.now();
    // children should stop by themselves once the kernel is gone: give them 15 s
    while (stack.enginesRunning().length && performance.now() - killedAt < 15_000) await sleep(250);
    const orphans = stack.enginesRunning();
    const orphansGoneS = orphans.length ? undefined : (performance.now() - killedAt) / 1000;
    const since = performance.now();
    let readyS: number | undefined;
    let note = '';
    try {
      await stack.boot(240_000);
      readyS = await stack.secondsUntilReady(since);
    } catch (err) { note = `restart failed: ${(err as Error).message.split('\n').slice(-2).join(' ').slice(0, 120)}`; }
    const found = stack.kernelAlive() ? (await outcome(key, 0, 1)).active : 0;
    const settingKept = stack.kernelAlive() ? (await stack.client.settings().catch(() => ({}))) as Record<string, unknown> : {};
    rows.push({ fault: 'kill -9 kernel, start again', completed: found, lost: 20 - found, readyS, deaths: stack.deaths.length - deathsBefore,
      notes: note || `${orphans.length ? `old engine ${orphans.join(', ')} still alive 15 s after the kill` : `old engine gone ${orphansGoneS!.toFixed(1)} s after the kill`}; engines after the restart: ${stack.enginesRunning().join(', ') || 'none'}; instances and a setting kept: ${found}/20, ${settingKept['workers.maxTasks'] === 7}` });
  },
};

async function ensureKernel() {
  if (stack.kernelAlive()) return;
  console.log('  (the kernel is gone: starting it again for the next fault)');
  await stack.boot();
}

function printTable() {
  const cells = rows.map((r) => [r.fault, String(r.completed), String(r.lost), r.readyS === undefined ? '—' : r.readyS.toFixed(1), String(r.deaths), r.notes]);
  const head = ['fault', 'completed', 'lost', 'ready again (s)', 'kernel deaths', 'notes'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 5 ? 0 : c[i].length))));
  const line = (c: string[]) => `| ${c.map((v, i) => (i === 5 ? v : v.padEnd(widths[i]))).join(' | ')} |`;
  console.log(['', line(head), `|${widths.map((w, i) => '-'.repeat(i === 5 ? 7 : w + 2)).join('|')}|`, ...cells.map(line)].join('\n'));
}

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(faults);
const unknown = chosen.filter((f) => !faults[f]);
if (unknown.length) {
  console.error(`unknown fault(s) ${unknown.join(', ')}: choose from ${Object.keys(faults).join(', ')}`);
  process.exit(1);
}
let interrupted = false;
process.once('SIGINT', () => { interrupted = true; console.log('\ninterrupted: stopping the stack…'); });
try {
  console.log(`chaos: booting a stack in ${stack.home}…`);
  console.log(`  ready in ${(await stack.boot()).toFixed(1)} s`);
  await deployFlow(FLOW, chainProcess(FLOW, ['input_validation']));
  for (const name of chosen) {
    if (interrupted) break;
    if (elapsed() > BUDGET_S) { rows.push({ fault: name, completed: '—', lost: '—', deaths: 0, notes: `skipped: the ${BUDGET_S} s budget is spent` }); continue; }
    console.log(`fault: ${name} (${elapsed().toFixed(0)} s into the run)`);
    try {
      await ensureKernel();
      await faults[name]();
    } catch (err) {
      rows.push({ fault: name, completed: '?', lost: '?', deaths: 0, notes: `the fault run itself failed: ${(err as Error).message.slice(0, 140)}` });
    }
    console.log(`  → ${JSON.stringify(rows.at(-1))}`);
  }
} catch (err) {
  console.error(`chaos: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  const leftovers = await stack.shutdown();
  printTable();
  if (stack.deaths.length) console.log(`\nkernel deaths:\n  ${stack.deaths.join('\n  ')}`);
  console.log(`\n${elapsed().toFixed(0)} s in all; ${leftovers.length ? `killed leftovers after the stop: ${leftovers.join(', ')}` : 'nothing left running'}`);
}
