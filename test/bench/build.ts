/** What `npm start`'s prestart does before a start: build dist/ if a source changed (scripts/build-if-changed.mjs). */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { bundleIsCurrent } from '../../scripts/build-stamp.mjs';

const root = resolve(import.meta.dirname, '..', '..');

export function ensureBuilt() {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-if-changed.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed: see above');
  console.log(`workers: ${bundleIsCurrent(root, 'workers') ? 'bundled (dist/workers/main.cjs)' : 'from TypeScript through tsx (sources changed after the build)'}`);
  console.log(`kernel: ${bundleIsCurrent(root, 'cli') ? 'bundled (dist/main/cli.cjs)' : 'from TypeScript through tsx (sources changed after the build)'}`);
}
