/** `npm run bench -- <startup|workers|scale|all>`: benchmarks print figures and ratios; they assert nothing. */
import { benchStartup } from './startup';

const which = process.argv[2] ?? 'all';
const benches: Record<string, () => Promise<void>> = {
  startup: benchStartup,
  workers: async () => {
    const { benchWorkers } = await import('./workers');
    const { startTestEngine } = await import('../helpers/workers-engine');
    const engine = await startTestEngine();
    try { await benchWorkers(engine); } finally { await engine.stop(); }
  },
  scale: async () => (await import('./scale')).benchScale(),
};
for (const [name, run] of Object.entries(benches)) {
  if (which === name || which === 'all') await run();
}
if (which !== 'all' && !benches[which]) {
  console.error(`unknown benchmark "${which}": choose ${Object.keys(benches).join(', ')} or all`);
  process.exitCode = 1;
}
