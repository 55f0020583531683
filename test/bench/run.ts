/**
 * `npm run bench -- <startup|memory|monitor|ai|workers|scale|copilot|tasks|soak|all>`: each benchmark measures ProcOS against
 * its named anchor in the same run and prints a table and, last, one summary line. They assert nothing.
 */
export {};

const benches: Record<string, () => Promise<void>> = {
  startup: async () => (await import('./startup')).benchStartup(),
  memory: async () => (await import('./memory')).benchMemory(),
  monitor: async () => (await import('./monitor')).benchMonitor(),
  ai: async () => (await import('./ai')).benchAi(),
  workers: async () => {
    const { benchWorkers } = await import('./workers');
    const { startTestEngine } = await import('../helpers/workers-engine');
    const engine = await startTestEngine();
    try { await benchWorkers(engine); } finally { await engine.stop(); }
  },
  scale: async () => (await import('./scale')).benchScale(),
  copilot: async () => (await import('./copilot')).benchCopilot(),
  tasks: async () => (await import('./tasks')).benchTasks(),
  soak: async () => (await import('./soak')).benchSoak(),
};

const which = process.argv[2] ?? 'all';
if (which !== 'all' && !benches[which]) {
  console.error(`unknown benchmark "${which}": choose ${Object.keys(benches).join(', ')} or all`);
  process.exitCode = 1;
} else {
  for (const [name, run] of Object.entries(benches)) {
    if (which === name || which === 'all') await run();
  }
}
