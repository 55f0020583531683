#!/usr/bin/env node
// The `procos` command: the bundled CLI (dist/main/cli.cjs) while it is a build of the sources as
// they are now (scripts/build-stamp.mjs; `npm start`'s prestart builds it when a source changed),
// else the TypeScript CLI through tsx, so edits count at once. The bundle spares the kernel tsx's
// compiler and its loader thread.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleIsCurrent } from '../scripts/build-stamp.mjs';

let main;
if (bundleIsCurrent(fileURLToPath(new URL('..', import.meta.url)), 'cli')) {
  ({ main } = createRequire(import.meta.url)('../dist/main/cli.cjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../main/cli.ts'));
}
try {
  process.exitCode = await main();
} catch (err) {
  console.error(`procos: ${err.message}`);
  process.exitCode = 1;
}
