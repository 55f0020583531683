/**
 * Whether dist/ is a build of the sources as they are now: stamps in dist/ record the newest source
 * mtime and the file count, so edits, additions and deletions all count as changes. One stamp for
 * the whole build (`npm start`'s prestart, build-if-changed.mjs, rebuilds when it differs) and one
 * for the workers' bundle alone (what workers/ and common/ compile to): `procos start` runs the
 * bundled workers (no TypeScript compiler in each worker process) only while that one holds.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DEPENDENCIES = ['package.json', 'package-lock.json', 'scripts/build-desktop.mjs'];
const SOURCES = ['renderer', 'main', 'common', 'workers', 'vite.config.ts', ...DEPENDENCIES];
const WORKER_SOURCES = ['workers', 'common', ...DEPENDENCIES];
const OUTPUTS = ['dist/renderer/index.html', 'dist/main/app.cjs', 'dist/main/preload.cjs', 'dist/workers/main.cjs'];
const STAMP = join('dist', '.sources-stamp');
const WORKERS_STAMP = join('dist', '.workers-stamp');

function scan(path, acc) {
  let st;
  try { st = statSync(path); } catch { return acc; }
  if (st.isDirectory()) {
    for (const name of readdirSync(path)) if (name !== 'node_modules' && !name.startsWith('.')) scan(join(path, name), acc);
  } else {
    acc.files++;
    acc.newest = Math.max(acc.newest, st.mtimeMs);
  }
  return acc;
}

function stampOf(root, sources) {
  const now = sources.reduce((acc, p) => scan(join(root, p), acc), { files: 0, newest: 0 });
  return `${now.files} ${now.newest}`;
}

const holds = (root, file, stamp) => { try { return readFileSync(join(root, file), 'utf8') === stamp; } catch { return false; } };

/** The sources' stamps now (take them before a build: what changes during it counts as changed). */
export function sourcesStamp(root) {
  return { all: stampOf(root, SOURCES), workers: stampOf(root, WORKER_SOURCES) };
}

/** Every output is there and was built from the sources as they are now. */
export function buildIsCurrent(root, stamp = sourcesStamp(root)) {
  return OUTPUTS.every((f) => existsSync(join(root, f))) && holds(root, STAMP, stamp.all);
}

/** dist/workers/main.cjs was built from workers/ and common/ as they are now. */
export function workersBundleIsCurrent(root) {
  return existsSync(join(root, 'dist', 'workers', 'main.cjs')) && holds(root, WORKERS_STAMP, stampOf(root, WORKER_SOURCES));
}

export function writeStamp(root, stamp) {
  writeFileSync(join(root, STAMP), stamp.all);
  writeFileSync(join(root, WORKERS_STAMP), stamp.workers);
}
