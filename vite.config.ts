/**
 * Builds the renderer (React) into dist/renderer; loaded by Electron and served by headless mode.
 * Every text asset also gets a Brotli (.br) and a gzip (.gz) copy, which headless mode sends to a
 * browser that accepts them (main/headless-static.ts): the page travels compressed, nothing is
 * compressed per request.
 */
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));
const COMPRESSIBLE = /\.(js|css|html|svg|json|ico|eot|ttf|txt|map)$/;

/** Writes name.br and name.gz beside every text asset of the build that they make smaller. */
function precompress(): Plugin {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
  return {
    name: 'procos-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(outDir).filter((f) => COMPRESSIBLE.test(f))) {
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
        const gz = gzipSync(data, { level: 9 });
        if (br.length < data.length * 0.9) writeFileSync(`${file}.br`, br);
        if (gz.length < data.length * 0.9) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

const formJsEditor = fileURLToPath(new URL('./node_modules/@bpmn-io/form-js-editor/dist/index.es.js', import.meta.url));

/** form-js's editor renders the viewer's fields inside its own tree: both must use one preact, the
 * editor's (it pins preact ≤ 10.15.1), or hooks break across the two copies. */
const oneFormJsPreact: Plugin = {
  name: 'procos-form-js-preact',
  enforce: 'pre',
  resolveId(source, importer) {
    if (!/^preact(\/|$)/.test(source) || !importer || importer === formJsEditor || !/[\\/]@bpmn-io[\\/]form-js-(viewer|editor)[\\/]/.test(importer)) return null;
    return this.resolve(source, formJsEditor, { skipSelf: true });
  },
};

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [oneFormJsPreact, react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
});
