#!/usr/bin/env node
/**
 * `npm test`'s test run: vitest runs in two lanes side by side (vitest.config.ts says why):
 *   lane 1  e2e    the `stack` project's browser files (test/e2e/) and the copilot's longest file (drafting
 *                  every bench description), on a shared stack of its own, one file at a time
 *   lane 2  rest   the `unit` and `integration` projects: every file on its own, two at a time;
 *           stack  then the other test/stack/ files, on a second shared stack, one file at a time
 * Two shared stacks never run beside the integration files' private stacks plus another: the load
 * stays that of one shared stack and two private ones, and the wall clock is that of the longer lane.
 * Each line is prefixed with its run's name. At the end: the slowest files (where the time goes),
 * and one closing line `N passed, N failed, N skipped`. Exit 1 if any run failed.
 * Arguments go to the runs, e.g. `node scripts/test.mjs -t "deploy"`; with arguments the `stack`
 * project is one run (a file filter then chooses among all its files).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const out = mkdtempSync(join(tmpdir(), 'procos-test-run-'));
const SLOWEST = 12;
// plain lines: the prefix keeps the two runs apart, colours would only get in the way
const runEnv = { ...process.env, NO_COLOR: '1' };
delete runEnv.FORCE_COLOR;

const args = process.argv.slice(2);
/** the first lane's files: the browser's and the copilot's longest; the second lane's shared stack takes the other
 * stack files (the lanes then take about as long) */
const FIRST_LANE = ['test/e2e/', 'test/stack/copilot-no-echo'];
/** lanes of runs: the lanes run side by side, the runs of a lane one after another */
const lanes = args.length
  ? [[{ name: 'stack', projects: ['stack'] }], [{ name: 'rest', projects: ['unit', 'integration'] }]]
  : [
      [{ name: 'e2e', projects: ['stack'], filters: FIRST_LANE }],
      [{ name: 'rest', projects: ['unit', 'integration'] }, { name: 'stack', projects: ['stack'], filters: ['test/stack/'], exclude: ['**/test/stack/copilot-no-echo*'] }],
    ];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

let stopping = false;
const children = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { stopping = true; for (const child of children) child.kill(signal); });
}

function run({ name, projects, filters = [], exclude = [] }) {
  const report = join(out, `${name}.json`);
  const argv = [vitest, 'run', ...projects.flatMap((p) => ['--project', p]), ...filters, ...exclude.flatMap((e) => ['--exclude', e]),
    '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
    // a filter may leave one run without files: that run has nothing to do
    ...(args.length ? ['--passWithNoTests', ...args] : [])];
  const started = Date.now();
  const child = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: runEnv });
  children.add(child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  return new Promise((ok) => child.once('exit', (code, signal) => {
    children.delete(child);
    ok({ name, report, code: code ?? (signal ? 1 : 0), ms: Date.now() - started });
  }));
}

async function lane(runs) {
  const done = [];
  for (const r of runs) if (!stopping) done.push(await run(r));
  return done;
}

const results = (await Promise.all(lanes.map(lane))).flat();

const files = [];
const counts = { passed: 0, failed: 0, skipped: 0 };
for (const r of results) {
  let report;
  try { report = JSON.parse(readFileSync(r.report, 'utf8')); } catch { continue; } // the run died before it reported
  for (const file of report.testResults ?? []) files.push({ run: r.name, file: relative(root, file.name), ms: (file.endTime ?? 0) - (file.startTime ?? 0) });
  counts.passed += report.numPassedTests ?? 0;
  counts.failed += report.numFailedTests ?? 0;
  counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
rmSync(out, { recursive: true, force: true });

console.log(`\nslowest files (of ${files.length}):`);
for (const f of files.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST)) console.log(`  ${seconds(f.ms).padStart(8)}  ${f.run.padEnd(5)}  ${f.file}`);
console.log(`wall clock: ${results.map((r) => `${r.name} ${seconds(r.ms)}${r.code ? ' (failed)' : ''}`).join(', ')}`);
const failed = results.some((r) => r.code !== 0);
for (const r of results) if (r.code !== 0 && !counts.failed) console.log(`the ${r.name} run failed outside its tests (exit code ${r.code}): see its lines above`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failed ? 1 : 0);
