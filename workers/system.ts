/**
 * The system worker: `system_health_check`, the task of the timer-started procos_system process.
 * It asks the kernel for its component states, checks the configured service adapters (SMTP, Slack),
 * and records both in the instance. Unconfigured adapters (`stopped`) do not count against health.
 */
import type { ComponentInfo } from '../common/contract';
import { adapterHealth } from './adapters';
import { success, type WorkerKind } from './handler';

export type HealthStatus = 'ready' | 'starting' | 'degraded' | 'failed' | 'unknown';

/** One word for a set of component states: all ready → ready; all failed → failed; any failed/stopped → degraded. */
export function healthOf(components: Record<string, ComponentInfo>): HealthStatus {
  const states = Object.values(components).map((c) => c.state);
  if (!states.length) return 'unknown';
  if (states.every((s) => s === 'ready')) return 'ready';
  if (states.every((s) => s === 'failed')) return 'failed';
  if (states.some((s) => s === 'failed' || s === 'stopped')) return 'degraded';
  return 'starting';
}

export const systemWorker: WorkerKind = {
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
