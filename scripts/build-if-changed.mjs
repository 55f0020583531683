#!/usr/bin/env node
/**
 * `npm start`'s prestart: runs `npm run build` only when a source changed since the last build
 * (or dist/ is incomplete); an unchanged tree starts at once. See build-stamp.mjs.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent, sourcesStamp, writeStamp } from './build-stamp.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = sourcesStamp(root);
if (buildIsCurrent(root, stamp)) process.exit(0);

console.log('Building the app (sources changed since the last build).');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeStamp(root, stamp);
