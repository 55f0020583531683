/**
 * `procos …`: talks only to the API of a running instance (found through runtime.json), except
 * `start` (runs one), `resources` (fetches what it needs) and `worker` (a standalone worker).
 */
import { parseArgs } from 'node:util';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createHttpClient } from '../common/http-client';
import { ApiError, DEPLOY_LIMITS, type ComponentInfo, type ProcosClient, type StatusReport } from '../common/contract';
import { dataDir } from './kernel/paths';
import { WORKER_KINDS } from '../common/topics';
import type { RuntimeInfo } from './headless';
import { assignTask, completeTask, listTasks, showTask, TASKS_HELP } from './cli-tasks';

const HELP = `procos — a process-driven operating system with BPMN as its kernel language

  procos start [--headless] [--port N]         run ProcOS (desktop where Electron runs, else headless)
  procos status [--json]                       startup checks: Java, engine, processes, workers, Ollama + model
  procos deploy FILE… [--json]                 validate, then deploy BPMN files
  procos run KEY [--var k=v]… [--wait] [--timeout S] [--json]
                                               start an instance; with --wait print its end state
  procos ai "question" [--model M]             ask the local model
  procos draft "description" [--out F] [--model M]
                                               a validated BPMN draft from words (the offline copilot)
  procos models [pull NAME | rm NAME]          the local models with their size; get one from Ollama's registry; remove one
  procos worker [--engine URL]… [--user U --password P] [--topics a,b]
                                               a standalone worker against any Camunda 7 REST engine
                                               (--engine once per node of a cluster: it polls each)
  procos resources                             fetch and verify the bundled resources
${TASKS_HELP}
  procos backup FILE                           a consistent snapshot of the data dir while ProcOS runs (.tar.gz)
  procos restore FILE [--force]                a backup into $PROCOS_HOME, which must be empty or absent
                                               (--force: move what is there aside first); not while ProcOS runs there

Data lives in $PROCOS_HOME (now: ${dataDir()}).`;

class CliError extends Error {}

function runtime(): RuntimeInfo {
  const file = join(dataDir(), 'runtime.json');
  if (!existsSync(file)) throw new CliError(`ProcOS is not running (no ${file}): start it with \`procos start\``);
  return JSON.parse(readFileSync(file, 'utf8'));
}

function client(): ProcosClient {
  const rt = runtime();
  return createHttpClient({ baseUrl: rt.apiBase, token: rt.token });
}

/** `--var k=v`: numbers, booleans, null and JSON objects/arrays are typed; the rest is a string. */
export function parseVar(spec: string): [string, unknown] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new CliError(`--var needs name=value, got "${spec}"`);
  const name = spec.slice(0, eq);
  const raw = spec.slice(eq + 1);
  if (/^(-?\d+(\.\d+)?|true|false|null)$/.test(raw) || /^[{[]/.test(raw)) {
    try { return [name, JSON.parse(raw)]; } catch { throw new CliError(`--var ${name}: "${raw}" looks like JSON but is not valid JSON`); }
  }
  return [name, raw];
}

const mark = (c?: ComponentInfo) => (c?.state === 'ready' ? '✓' : '✗');

function printStatus(s: StatusReport) {
  const order = ['java', 'engine', 'database', 'processes', ...WORKER_KINDS.map((k) => `worker:${k}`), 'ollama'];
  const names = [...order.filter((n) => s.components[n]), ...Object.keys(s.components).filter((n) => !order.includes(n))];
  for (const name of names) {
    const c = s.components[name];
    console.log(`${mark(c)} ${name.padEnd(16)} ${c.state.padEnd(9)} ${c.detail}`);
  }
  console.log(s.ready ? '\nProcOS is ready.' : `\nProcOS is not ready (${s.health}).`);
}

async function status(json: boolean) {
  let report: StatusReport;
  try {
    report = await client().status();
  } catch (err) {
    const reason = (err as Error).message;
    const down = (name: string): ComponentInfo => ({ name, state: 'stopped', detail: reason });
    report = { ready: false, health: 'failed', components: Object.fromEntries(['java', 'engine', 'processes', 'workers', 'ollama'].map((n) => [n, down(n)])) };
    try {
      const { findJava } = await import('./kernel/engine');
      const java = findJava();
      report.components.java = { name: 'java', state: 'ready', detail: `Java ${java.version} at ${java.path}` };
    } catch (e) { report.components.java = { name: 'java', state: 'failed', detail: (e as Error).message }; }
  }
  if (json) console.log(JSON.stringify(report, null, 2));
  else printStatus(report);
  return report.ready ? 0 : 1;
}

/** A BPMN file to deploy, read only when it is a regular file within the deploy limit. */
function readBpmnFile(f: string) {
  if (!existsSync(f)) throw new CliError(`${f}: no such file`);
  const stat = statSync(f);
  if (stat.isDirectory()) throw new CliError(`${f} is a directory: name the BPMN files in it (e.g. procos deploy ${join(f, '*.bpmn')})`);
  if (!stat.isFile()) throw new CliError(`${f} is not a regular file (a device or a pipe): save the BPMN to a file and deploy that`);
  if (stat.size > DEPLOY_LIMITS.fileBytes) {
    throw new CliError(`${f} is ${(stat.size / 2 ** 20).toFixed(1)} MB: the limit is ${DEPLOY_LIMITS.fileBytes / 2 ** 20} MB per file (split it into called processes)`);
  }
  return { name: basename(f), xml: readFileSync(resolve(f), 'utf8') };
}

/** A number option (`--timeout 30`): a clear message for anything that is not one. */
function numberOption(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`--${name}: "${value}" is not a number`);
  return n;
}

async function deploy(files: string[], json: boolean) {
  if (!files.length) throw new CliError('usage: procos deploy FILE… [--json]');
  const inputs = files.map(readBpmnFile);
  const result = await client().deploy({ files: inputs });
  if (json) console.log(JSON.stringify(result, null, 2));
  else if (result.ok) {
    const fresh = result.processes.some((p) => !p.unchanged);
    console.log(fresh ? `Deployed ${result.deploymentId}` : 'Nothing new to deploy: the engine has these files as they are');
    for (const p of result.processes) console.log(`  ${p.key} version ${p.version}${p.unchanged ? ' (unchanged: no new version)' : ''}`);
    for (const w of result.warnings ?? []) console.log(`  ⚠ ${w.message}`);
  } else {
    console.error('Nothing was deployed:');
    for (const e of result.errors) console.error(`  ✗ ${e.message}${e.element ? ` [element ${e.element}]` : ''}`);
  }
  return result.ok ? 0 : 1;
}

async function run(key: string | undefined, vars: string[], wait: boolean, timeout: number, json: boolean) {
  if (!key) throw new CliError('usage: procos run KEY [--var k=v]… [--wait] [--timeout S] [--json]');
  const variables = Object.fromEntries(vars.map(parseVar));
  const result = await client().run({ key, variables, wait, timeoutSeconds: timeout });
  if (json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`Instance ${result.id}: ${result.state}`);
    for (const [k, v] of Object.entries(result.variables)) console.log(`  ${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  if (wait && result.state === 'ACTIVE') console.error(`still running after ${timeout}s`);
  return !wait || result.state === 'COMPLETED' ? 0 : 1;
}

async function ai(question: string | undefined, model: string | undefined) {
  if (!question) throw new CliError('usage: procos ai "question" [--model M]');
  const api = client();
  const requestId = `cli-${process.pid}-${Date.now()}`;
  let streamed = false;
  const stop = api.onEvent((e) => {
    if (e.type === 'ai-token' && e.requestId === requestId && e.token) { streamed = true; process.stdout.write(e.token); }
  });
  const result = await api.ask({ question, model, requestId }).finally(stop);
  if (!streamed) process.stdout.write(result.answer);
  console.log(`\n\n— ${result.model} via ${result.provider}, ${result.durationMs} ms`);
  return 0;
}

/** `procos draft`: its phases on stderr as they come, the BPMN to --out (or stdout), then the findings and what to give at start. */
async function draft(description: string | undefined, out: string | undefined, model: string | undefined) {
  if (!description) throw new CliError('usage: procos draft "description" [--out F] [--model M]');
  const api = client();
  const requestId = `cli-draft-${process.pid}-${Date.now()}`;
  const stop = api.onEvent((e) => {
    if (e.type === 'copilot' && e.requestId === requestId) process.stderr.write(`  ${(e.elapsedMs / 1000).toFixed(1).padStart(5)} s  ${e.phase.padEnd(9)} ${e.detail}\n`);
  });
  const result = await api.draft({ description, model, requestId }).finally(stop);
  if (out) writeFileSync(resolve(out), result.xml);
  else process.stdout.write(result.xml);
  const log = out ? console.log : console.error;
  const worded = `${result.wording.accepted}/${result.wording.asked} texts worded by ${result.model}`;
  log(`${result.valid ? '✓' : '✗'} ${result.processKey}${out ? ` written to ${out}` : ''} — first diagram after ${(result.firstDiagramMs / 1000).toFixed(1)} s, done after ${(result.durationMs / 1000).toFixed(1)} s; ${worded}`);
  for (const f of result.findings) log(`  ${f.severity === 'error' ? '✗' : '⚠'} ${f.message}${f.element ? ` [${f.element}]` : ''}`);
  for (const r of result.wording.rejected) log(`  · not used: ${r}`);
  if (result.startVariables.length) log(`  start it with: ${result.startVariables.map((v) => `--var ${v.name}=${v.format === 'email' ? 'name@example.com' : v.format === 'url' ? 'https://…' : v.type === 'json' ? "'[…]'" : '…'}`).join(' ')}`);
  if (result.qualityNote) log(`  note: ${result.qualityNote}`);
  return result.valid ? 0 : 1;
}

/** `procos models`: the list; `pull NAME` prints its progress (one line per step when not a terminal); `rm NAME`. */
async function models(action: string | undefined, name: string | undefined) {
  const api = client();
  if (!action || action === 'list') {
    for (const m of await api.modelList()) console.log(`${m.name.padEnd(32)} ${(m.size / 1e6).toFixed(0).padStart(6)} MB${m.parameterSize ? `  ${m.parameterSize}` : ''}`);
    return 0;
  }
  if (!name || !['pull', 'rm'].includes(action)) throw new CliError('usage: procos models [pull NAME | rm NAME]');
  if (action === 'rm') {
    await api.deleteModel({ name });
    console.log(`Deleted ${name}`);
    return 0;
  }
  const tty = process.stderr.isTTY;
  let lastStatus = '';
  const stop = api.onEvent((e) => {
    if (e.type !== 'model-pull' || e.name !== name.trim() || e.done) return;
    const percent = e.total ? ` ${Math.floor(((e.completed ?? 0) / e.total) * 100)}%` : '';
    if (tty) process.stderr.write(`\r\x1b[K${e.status}${percent}`); // one line, rewritten
    else if (e.status !== lastStatus) process.stderr.write(`${e.status}${percent}\n`); // a line per step
    lastStatus = e.status;
  });
  try {
    const model = await api.pullModel({ name });
    console.log(`Pulled ${model.name} (${(model.size / 1e6).toFixed(0)} MB)`);
    return 0;
  } finally {
    stop();
    if (tty && lastStatus) process.stderr.write('\n');
  }
}

/** `procos backup FILE`: asks the running ProcOS for a snapshot. */
async function backup(file: string | undefined) {
  if (!file) throw new CliError('usage: procos backup FILE');
  const result = await client().backup({ file: resolve(file) });
  console.log(`Backed up to ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB): ${result.includes.join(', ')}`);
  console.log(`  everything committed before ${result.startedAt} is in it`);
  for (const n of result.notIncluded) console.log(`  not in it: ${n}`);
  return 0;
}

/** `procos restore FILE [--force]`: lays the backup out as $PROCOS_HOME; needs no running ProcOS (and refuses one there). */
async function restore(file: string | undefined, force: boolean) {
  if (!file) throw new CliError('usage: procos restore FILE [--force]');
  const { restoreBackup } = await import('./kernel/restore');
  const result = await restoreBackup(file, dataDir(), { force });
  console.log(`Restored ${result.from} (made ${result.backupStartedAt}) into ${result.dataDir}`);
  if (result.movedAside) console.log(`  what was there before is in ${result.movedAside}`);
  for (const n of result.notIncluded) console.log(`  not restored: ${n}`);
  console.log('  start it with `procos start`');
  return 0;
}

/** An API error as the user reads it: the server's message, its details, and what to do when ProcOS is down. */
export function explainError(err: unknown): Error {
  if (!(err instanceof ApiError)) return err as Error;
  let message = err.message;
  const details = err.details === undefined ? '' : typeof err.details === 'string' ? err.details : JSON.stringify(err.details);
  if (details && !message.includes(details)) message += `\n  details: ${details.slice(0, 500)}`;
  if (err.status === 503 && /not reachable/.test(message)) message += '\n  Is it running? Start it with `procos start` (runtime.json may be left from a run that ended).';
  return new CliError(message);
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  try {
    return await command(argv);
  } catch (err) {
    throw explainError(err);
  }
}

async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      json: { type: 'boolean' }, headless: { type: 'boolean' }, port: { type: 'string' },
      var: { type: 'string', multiple: true }, wait: { type: 'boolean' }, timeout: { type: 'string' },
      model: { type: 'string' }, engine: { type: 'string', multiple: true }, user: { type: 'string' }, password: { type: 'string' },
      topics: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' }, mine: { type: 'boolean' },
      force: { type: 'boolean' },
    },
  });
  const [command, ...rest] = positionals;
  switch (command) {
    case 'start': {
      const { start } = await import('./start');
      return start({ headless: !!values.headless, port: numberOption('port', values.port) });
    }
    case 'status': return status(!!values.json);
    case 'deploy': return deploy(rest, !!values.json);
    case 'run': return run(rest[0], values.var ?? [], !!values.wait, numberOption('timeout', values.timeout, 120)!, !!values.json);
    case 'ai': return ai(rest.join(' ') || undefined, values.model);
    case 'draft': return draft(rest.join(' ') || undefined, values.out, values.model);
    case 'models': return models(rest[0], rest[1]);
    case 'tasks': return listTasks(client(), !!values.mine, !!values.json);
    case 'task': return showTask(client(), rest[0], !!values.json);
    case 'claim': case 'unclaim': return assignTask(client(), rest[0], command === 'claim');
    case 'complete': return completeTask(client(), rest[0], Object.fromEntries((values.var ?? []).map(parseVar)));
    case 'worker': {
      const { runStandaloneWorker } = await import('../workers/standalone');
      await runStandaloneWorker({
        engineUrls: values.engine, user: values.user, password: values.password,
        topics: values.topics?.split(',').map((t) => t.trim()).filter(Boolean),
      });
      return 0;
    }
    case 'resources': {
      const { fetchResources } = await import('./resources');
      await fetchResources();
      return 0;
    }
    case 'backup': return backup(rest[0]);
    case 'restore': return restore(rest[0], !!values.force);
    case undefined: case 'help': console.log(HELP); return 0;
    default: throw new CliError(`unknown command "${command}"\n\n${HELP}`);
  }
}
