#!/usr/bin/env node
/**
 * Bundles the Electron side with esbuild:
 *   main/app.ts      → dist/main/app.cjs      (package.json "main"; electron and better-sqlite3 external)
 *   main/preload.ts  → dist/main/preload.cjs  (a sandboxed preload must be one CommonJS file)
 *   workers/main.ts  → dist/workers/main.cjs   (self-contained: utilityProcess has no tsx, no node_modules in asar.unpacked)
 *   main/cli.ts      → dist/main/cli.cjs      (the `procos` CLI and headless kernel; bin/procos.js runs it while it is current,
 *                                              see build-stamp.mjs: no TypeScript compiler in the kernel process)
 * The renderer is built by Vite (dist/renderer). `import.meta.url` becomes the bundle's own file URL,
 * so code that finds the app root from it (main/kernel/paths.ts) still works once bundled; the
 * watchdog scripts the kernel reads beside itself (main/kernel/processes/watchdog.ts) are copied to dist/main/.
 *
 *   node scripts/build-desktop.mjs [outDir]      (default: dist)
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WATCHDOG_SCRIPTS = ['watchdog.sh', 'watchdog-windows.cjs'];

export async function buildDesktop(outDir = join(root, 'dist')) {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    sourcemap: 'linked',
    logLevel: 'warning',
    absWorkingDir: root,
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__bundleUrl', 'import.meta.dirname': '__dirname' },
  };
  await Promise.all([
    build({ ...common, entryPoints: ['main/app.ts'], outfile: join(outDir, 'main', 'app.cjs'), target: 'node22', external: ['electron', 'better-sqlite3'] }),
    build({ ...common, entryPoints: ['main/preload.ts'], outfile: join(outDir, 'main', 'preload.cjs'), target: 'chrome140', external: ['electron'], banner: {}, define: {} }),
    build({ ...common, entryPoints: ['workers/main.ts'], outfile: join(outDir, 'workers', 'main.cjs'), target: 'node22' }),
    build({ ...common, entryPoints: ['main/cli.ts'], outfile: join(outDir, 'main', 'cli.cjs'), target: 'node20', external: ['electron', 'better-sqlite3'] }),
  ]);
  mkdirSync(join(outDir, 'main'), { recursive: true });
  for (const script of WATCHDOG_SCRIPTS) copyFileSync(join(root, 'main', 'kernel', 'processes', script), join(outDir, 'main', script));
  return {
    app: join(outDir, 'main', 'app.cjs'), preload: join(outDir, 'main', 'preload.cjs'), workers: join(outDir, 'workers', 'main.cjs'),
    cli: join(outDir, 'main', 'cli.cjs'),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = await buildDesktop(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`desktop bundles: ${Object.values(out).map((p) => p.replace(`${root}/`, '')).join(', ')}`);
}
