/**
 * Instances that ended and incidents raised or resolved, found in the engine's history every 1.5 s
 * while it is ready, published as kernel events. Returns what stops it.
 */
import type { KernelEvent } from '../../common/contract';
import type { Monitor } from './monitor';

export function watchEngineHistory(monitor: Monitor, engineReady: () => boolean, publish: (event: KernelEvent) => void): () => void {
  let since = new Date();
  let incidentsSince = since;
  const seenEnded = new Set<string>();
  const seenIncidents = new Set<string>(); // `${id}:${state}`: the `after` bounds are inclusive
  let looking = false; // a look that outlasts the interval (a slow engine) is not joined by another
  const timer = setInterval(async () => {
    if (!engineReady() || looking) return;
    looking = true;
    try {
      // look back a second: an instance that ended in the same instant as the last one seen, but
      // committed after that query, would be missed by a strict `after`; the seen set drops repeats
      const finished = await monitor.finishedSince(new Date(since.getTime() - 1000));
      for (const i of finished) {
        if (seenEnded.has(i.id)) continue;
        seenEnded.add(i.id);
        publish({ type: 'instance', id: i.id, key: i.definitionKey, state: i.state === 'CANCELED' ? 'canceled' : 'ended', at: Date.now() });
        if (i.endTime) since = new Date(Math.max(since.getTime(), Date.parse(i.endTime)));
      }
      if (seenEnded.size > 10_000) seenEnded.clear();
      for (const c of await monitor.incidentsSince(incidentsSince)) {
        if (seenIncidents.has(`${c.id}:${c.state}`)) continue;
        seenIncidents.add(`${c.id}:${c.state}`);
        publish({ type: 'incident', id: c.id, instanceId: c.instanceId, key: c.key, activityId: c.activityId, state: c.state, message: c.message, at: Date.now() });
        incidentsSince = new Date(Math.max(incidentsSince.getTime(), Date.parse(c.time)));
      }
      if (seenIncidents.size > 10_000) seenIncidents.clear();
    } catch { /* engine restarting */ } finally { looking = false; }
  }, 1500);
  return () => clearInterval(timer);
}
