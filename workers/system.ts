/**
 * The system worker: `system_health_check`, the task of the timer-started procos_system process.
 * It asks the kernel for its component states and records them in the instance.
 */
import type { ComponentInfo } from '../main/api/contract';
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
      const unhealthy = Object.values(components).filter((c) => c.state !== 'ready').map((c) => `${c.name}: ${c.state} (${c.detail})`);
      return success({
        health_status: healthOf(components),
        components,
        unhealthy_components: unhealthy,
        checked_at: new Date().toISOString(),
      });
    },
  },
};
