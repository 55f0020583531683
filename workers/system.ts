/**
 * The system worker: `system_health_check`, the task of the timer-started procos_system process.
 * It asks the kernel for its component states, checks the configured service adapters (SMTP, Slack),
 * and records both in the instance, with the health the tray shows for them (common/health.ts).
 * Unconfigured adapters (`stopped`) do not count against health.
 */
import { healthOf } from '../common/health';
import { adapterHealth } from './adapters';
import { success, type WorkerKind } from './handler';

export const systemWorker: WorkerKind<'system'> = {
  kind: 'system',
  tags: ['system', 'health'],
  handlers: {
    async system_health_check(ctx) {
      const components = await ctx.request('componentStates');
      const adapters = await adapterHealth(ctx.config);
      const configured = Object.fromEntries(Object.entries(adapters).filter(([, a]) => a.state !== 'stopped').map(([k, a]) => [`adapter:${k}`, a]));
      const all = { ...components, ...configured };
      const unhealthy = Object.values(all).filter((c) => c.state !== 'ready').map((c) => `${c.name}: ${c.state} (${c.detail})`);
      return success({
        health_status: healthOf(all),
        components,
        adapters,
        unhealthy_components: unhealthy,
        checked_at: new Date().toISOString(),
      });
    },
  },
};
