/**
 * The one health rule: a word for a set of component states. The tray colour and `status` use it
 * over the kernel's components; the system process's `system_health_check` over the components and
 * the configured adapters.
 *   ready     every component is ready
 *   failed    an essential one (java, engine) failed, or nothing runs (all failed or stopped; or none)
 *   degraded  some failed or stopped, the essential ones did not
 *   starting  the rest: some are still starting
 */
import type { ComponentInfo, StatusReport } from './contract';

export type Health = StatusReport['health'];

/** Without these nothing ProcOS does works: their failure is a failure of the whole. */
export const ESSENTIAL_COMPONENTS = ['java', 'engine'] as const;

export function healthOf(components: Record<string, ComponentInfo>): Health {
  const states = Object.values(components).map((c) => c.state);
  if (states.length && states.every((s) => s === 'ready')) return 'ready';
  const down = (s: string) => s === 'failed' || s === 'stopped';
  if (ESSENTIAL_COMPONENTS.some((n) => components[n]?.state === 'failed') || states.every(down)) return 'failed';
  if (states.some(down)) return 'degraded';
  return 'starting';
}

/** The status report over the components: ready, and the health rule's word. */
export function aggregate(components: Record<string, ComponentInfo>): StatusReport {
  const health = healthOf(components);
  return { ready: health === 'ready', health, components };
}
