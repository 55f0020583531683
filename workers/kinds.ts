/** The worker kinds ProcOS runs, each loaded lazily so a process only loads what it serves. */
import { topicNames } from '../common/topics';
import type { WorkerKind } from './handler';

export const workerKindNames = ['system', 'generic', 'ai'] as const;
export type WorkerKindName = (typeof workerKindNames)[number];

/** Topics of each kind, without loading the handlers (for the pool, the CLI and docs): from the
 * topic definitions in common/topics.ts, the source the copilot and the element templates read too. */
export const topicsByKind = Object.fromEntries(workerKindNames.map((kind) => [kind, topicNames(kind)])) as Record<WorkerKindName, string[]>;

export async function loadWorkerKind(name: string): Promise<WorkerKind> {
  switch (name) {
    case 'system': return (await import('./system')).systemWorker;
    case 'generic': return (await import('./generic')).genericWorker;
    case 'ai': return (await import('./ai')).aiWorker;
    default: throw new Error(`unknown worker kind "${name}"; known kinds: ${workerKindNames.join(', ')}`);
  }
}
