/** The worker kinds ProcOS runs, each loaded lazily so a process only loads what it serves. */
import type { WorkerKind } from './handler';

export const workerKindNames = ['system', 'generic', 'ai'] as const;
export type WorkerKindName = (typeof workerKindNames)[number];

/** Topics of each kind, without loading the handlers (for the pool, the CLI and docs). */
export const topicsByKind: Record<WorkerKindName, string[]> = {
  system: ['system_health_check'],
  generic: ['http_request', 'input_validation', 'email_send'],
  ai: ['ai_query', 'text_generation', 'code_analysis', 'provider_selection', 'ai_completion'],
};

export async function loadWorkerKind(name: string): Promise<WorkerKind> {
  switch (name) {
    case 'system': return (await import('./system')).systemWorker;
    case 'generic': return (await import('./generic')).genericWorker;
    case 'ai': return (await import('./ai')).aiWorker;
    default: throw new Error(`unknown worker kind "${name}"; known kinds: ${workerKindNames.join(', ')}`);
  }
}
