/**
 * Whether dist/ is a build of the sources as they are now: stamps in dist/ record the newest source
 * mtime and the file count, so edits, additions and deletions all count as changes. One stamp for
 * the whole build (`npm start`'s prestart, build-if-changed.mjs, rebuilds when it differs) and one
 * per bundle that runs in place of TypeScript while it holds (no TypeScript compiler in the process):
 *   workers  dist/workers/main.cjs  from workers/ and common/: `procos start` runs the bundled workers
 *   cli      dist/main/cli.cjs      from main/, common/ and workers/: bin/procos.js runs the bundled CLI and kernel
 * Otherwise they run from TypeScript through tsx, so a developer's edits count at once.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DEPENDENCIES = ['package.json', 'package-lock.json', 'scripts/build-desktop.mjs', 'scripts/build-stamp.mjs'];
const SOURCES = ['renderer', 'main', 'common', 'workers', 'vite.config.ts', ...DEPENDENCIES];
const BUNDLES = {
  workers: { output: 'dist/workers/main.cjs', sources: ['workers', 'common', ...DEPENDENCIES], stamp: join('dist', '.workers-stamp') },
  cli: { output: 'dist/main/cli.cjs', sources: ['main', 'common', 'workers', ...DEPENDENCIES], stamp: join('dist', '.cli-stamp') },
};
const OUTPUTS = ['dist/renderer/index.html', 'dist/main/app.cjs', 'dist/main/preload.cjs', ...Object.values(BUNDLES).map((b) => b.output)];
const STAMP = join('dist', '.sources-stamp');

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
  const stamp = { all: stampOf(root, SOURCES) };
  for (const [name, b] of Object.entries(BUNDLES)) stamp[name] = stampOf(root, b.sources);
  return stamp;
}

/** Every output is there and was built from the sources as they are now. */
export function buildIsCurrent(root, stamp = sourcesStamp(root)) {
  return OUTPUTS.every((f) => existsSync(join(root, f))) && holds(root, STAMP, stamp.all);
}

/** The bundle (`workers` or `cli`) is there and was built from its sources as they are now. */
export function bundleIsCurrent(root, name) {
  const b = BUNDLES[name];
  return existsSync(join(root, b.output)) && holds(root, b.stamp, stampOf(root, b.sources));
}

export function writeStamp(root, stamp) {
  writeFileSync(join(root, STAMP), stamp.all);
  for (const [name, b] of Object.entries(BUNDLES)) writeFileSync(join(root, b.stamp), stamp[name]);
}
