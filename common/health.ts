/** One aggregate status from the component states: what the tray colour and `status` show. */
import type { ComponentInfo, StatusReport } from './contract';

export function aggregate(components: Record<string, ComponentInfo>): StatusReport {
  const states = Object.values(components).map((c) => c.state);
  const ready = states.length > 0 && states.every((s) => s === 'ready');
  let health: StatusReport['health'] = 'ready';
  if (!ready) {
    const essentialFailed = ['java', 'engine'].some((n) => components[n]?.state === 'failed');
    if (essentialFailed || states.every((s) => s === 'failed' || s === 'stopped')) health = 'failed';
    else if (states.some((s) => s === 'failed' || s === 'stopped')) health = 'degraded';
    else health = 'starting';
  }
  return { ready, health, components };
}
