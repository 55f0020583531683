// ESLint (flat config): the recommended JavaScript and typescript-eslint rules (no type-aware rules:
// lint stays fast), the two classic React hooks rules, and the house rules on who may import what:
//   common/     the leaf: imports nothing from main/, workers/, renderer/, nor electron
//   workers/    never imports main/ nor electron
//   main/kernel never imports electron (the same kernel runs headless), nor workers/
//   renderer/   only common/ and its own code: no main/, no workers/, no Node built-ins, no electron
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'only main/app.ts, main/preload.ts and the Electron launcher import electron' };
const browserOnly = 'the renderer runs in a browser: no Node built-ins';
const nodeBuiltins = builtinModules.map((name) => ({ name, message: browserOnly }));

/** Files under `dir` may not import from the top-level folders `forbidden` (nor electron). Relative
 * imports are matched per depth, so `../workers` inside main/kernel/events/ (main/kernel/workers.ts) is fine. */
function zone(dir, forbidden, { paths = [], patterns = [] } = {}) {
  const message = `${dir}/ may not import ${forbidden.map((f) => `${f}/`).join(', ')} (docs/architecture.md, "Boundaries")`;
  return [0, 1, 2, 3].map((sub) => ({
    files: [`${dir}/${'*/'.repeat(sub)}*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron, ...paths],
        patterns: [{ regex: `^(\\.\\./){${dir.split('/').length + sub}}(${forbidden.join('|')})(/|$)`, message }, ...patterns],
      }],
    },
  }));
}

export default defineConfig([
  { ignores: ['dist/**', 'resources/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `cond ? a() : b()` and `a && b()` as statements are used on purpose in a few places
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // tests read untyped JSON from the engine and the API, and rethrow with context
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off', 'preserve-caught-error': 'off' } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  zone('common', ['main', 'workers', 'renderer']),
  zone('workers', ['main', 'renderer']),
  zone('main/kernel', ['workers', 'renderer']),
  zone('renderer', ['main', 'workers'], { paths: nodeBuiltins, patterns: [{ group: ['node:*'], message: browserOnly }] }),
]);
