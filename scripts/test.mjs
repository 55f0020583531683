#!/usr/bin/env node
/**
 * `npm test`'s test run: two vitest runs side by side (vitest.config.ts says why):
 *   stack   the `stack` project: test/stack/ and test/e2e/ on one shared stack, one file at a time
 *   rest    the `unit` and `integration` projects: every file on its own, two at a time
 * Each line is prefixed with its run's name. At the end: the slowest files (where the time goes),
 * and one closing line `N passed, N failed, N skipped`. Exit 1 if either run failed.
 * Arguments go to both runs, e.g. `node scripts/test.mjs -t "deploy"`.
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

const runs = [
  { name: 'stack', projects: ['stack'] },
  { name: 'rest', projects: ['unit', 'integration'] },
];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function run({ name, projects }) {
  const report = join(out, `${name}.json`);
  const args = [vitest, 'run', ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
    // a filter may leave one run without files: that run has nothing to do
    ...(process.argv.length > 2 ? ['--passWithNoTests', ...process.argv.slice(2)] : [])];
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: runEnv });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  return { name, report, child, done: new Promise((ok) => child.once('exit', (code, signal) => ok({ code: code ?? (signal ? 1 : 0), ms: Date.now() - started }))) };
}

const started = runs.map(run);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { for (const r of started) if (r.child.exitCode === null) r.child.kill(signal); });
}
const results = await Promise.all(started.map(async (r) => ({ ...r, ...(await r.done) })));

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
