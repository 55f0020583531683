/** Builds the renderer (React) into dist/renderer; loaded by Electron and served by headless mode. */
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

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
  plugins: [oneFormJsPreact, react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
});
