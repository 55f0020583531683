import { defineConfig } from 'vitest/config';

// The test layout (docs/architecture.md, "Tests"):
//   unit         test/unit/: no processes, no sockets, no downloads (test/setup/unit-guard.ts refuses them)
//   integration  test/integration/: each file starts what it needs (engine, private stack, worker
//                processes, servers) on free ports and temp dirs, so files run side by side
//   stack        test/stack/ and test/e2e/: ONE real stack booted by test/setup/stack.ts, shared, so
//                its files run one at a time
// `npm test` runs them in two lanes side by side (scripts/test.mjs): the browser files of `stack` (and
// its longest copilot file); then `unit` + `integration`, then the other `stack` files on a second shared stack. (In one
// vitest run, a one-at-a-time project only starts after the others.)
// The local model runs on one thread in every stack the tests start (setting `ollama.threads`; the stacks and
// children inherit the environment): beside the engines, browsers and the other lane, Ollama's default of a thread
// per core made each answer wait for a preempted thread, 2-5x slower (docs/architecture.md, "The model's threads").
process.env.PROCOS_OLLAMA_THREADS ??= '1';

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles: ['test/setup/unit-guard.ts'], testTimeout: 60_000 } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 300_000 } },
      {
        test: {
          name: 'stack',
          include: ['test/stack/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/stack.ts'],
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
