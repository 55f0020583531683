/**
 * Whether dist/ is a build of the sources as they are now: a stamp in dist/ records the newest
 * source mtime and the file count, so edits, additions and deletions all count as changes.
 * Used by `npm start`'s prestart (build-if-changed.mjs) and by `procos start`, which runs the
 * bundled workers (no TypeScript compiler in each worker process) only when they are current.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['renderer', 'main', 'common', 'workers', 'vite.config.ts', 'scripts/build-desktop.mjs', 'package.json', 'package-lock.json'];
const OUTPUTS = ['dist/renderer/index.html', 'dist/main/app.cjs', 'dist/main/preload.cjs', 'dist/workers/main.cjs'];
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

/** The sources' stamp now. */
export function sourcesStamp(root) {
  const now = SOURCES.reduce((acc, p) => scan(join(root, p), acc), { files: 0, newest: 0 });
  return `${now.files} ${now.newest}`;
}

/** Every output is there and was built from the sources as they are now. */
export function buildIsCurrent(root, stamp = sourcesStamp(root)) {
  if (!OUTPUTS.every((f) => existsSync(join(root, f)))) return false;
  try { return readFileSync(join(root, STAMP), 'utf8') === stamp; } catch { return false; }
}

export function writeStamp(root, stamp) {
  writeFileSync(join(root, STAMP), stamp);
}
