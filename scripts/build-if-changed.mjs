#!/usr/bin/env node
/**
 * `npm start`'s prestart: runs `npm run build` only when a source changed since the last build
 * (or dist/ is incomplete). The stamp in dist/ records the newest source mtime and the file count,
 * so edits, additions and deletions all rebuild; an unchanged tree starts at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['renderer', 'main', 'common', 'workers', 'vite.config.ts', 'scripts/build-desktop.mjs', 'package.json', 'package-lock.json'];
const OUTPUTS = ['dist/renderer/index.html', 'dist/main/app.cjs', 'dist/main/preload.cjs', 'dist/workers/main.cjs'];
const stampFile = join(root, 'dist', '.sources-stamp');

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

const now = SOURCES.reduce((acc, p) => scan(join(root, p), acc), { files: 0, newest: 0 });
const stamp = `${now.files} ${now.newest}`;
const built = OUTPUTS.every((f) => existsSync(join(root, f)));
if (built && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) process.exit(0);

console.log(built ? 'Sources changed since the last build: building.' : 'Building the app (first start).');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(stampFile, stamp);
