/** The worker kinds ProcOS runs (common/topics.ts lists them), each loaded lazily so a process only
 * loads what it serves. A kind without a loader here does not compile. */
import { WORKER_KINDS, type WorkerKindName } from '../common/topics';
import type { HandlerSet, WorkerKind } from './handler';

const loaders: { [K in WorkerKindName]: () => Promise<WorkerKind<K>> } = {
  system: async () => (await import('./system')).systemWorker,
  generic: async () => (await import('./generic')).genericWorker,
  ai: async () => (await import('./ai')).aiWorker,
};

export const isWorkerKind = (name: string): name is WorkerKindName => (WORKER_KINDS as readonly string[]).includes(name);

export function loadWorkerKind(name: string): Promise<HandlerSet> {
  if (!isWorkerKind(name)) throw new Error(`unknown worker kind "${name}"; known kinds: ${WORKER_KINDS.join(', ')}`);
  return loaders[name]();
}
