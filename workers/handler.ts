/**
 * What a topic handler is: a function from a task to a result. The base worker turns results into
 * Camunda calls (complete / handleFailure / handleBpmnError) so handlers never touch the client.
 */
import type { ComponentInfo, KernelEvent } from '../common/contract';
import type { WorkerConfig, WorkerRequests, WorkerRequestMethod } from '../common/worker-protocol';
import type { TopicName, WorkerKindName } from '../common/topics';

export type HandlerResult =
  | { kind: 'success'; variables?: Record<string, unknown> }
  | { kind: 'failure'; message: string; details?: string; /** override: retries left after this failure */ retries?: number }
  | { kind: 'bpmn-error'; code: string; message?: string; variables?: Record<string, unknown> };

export interface TaskContext {
  topic: string;
  taskId: string;
  processInstanceId?: string;
  activityId?: string;
  /** when the engine created the external task (ISO, engine clock), if it says */
  createTime?: string;
  /** all process variables visible to the task, JSON values already parsed */
  variables: Record<string, unknown>;
  /** retries left as the engine knows them (null on the first attempt) */
  retries: number | null;
  config: WorkerConfig;
  emit(event: KernelEvent): void;
  request<M extends WorkerRequestMethod>(method: M, params?: WorkerRequests[M]['params']): Promise<WorkerRequests[M]['result']>;
  /** extend the lock of this task (long AI calls) */
  extendLock(ms: number): Promise<void>;
}

export type Handler = (ctx: TaskContext) => Promise<HandlerResult>;

/** What the base worker runs in one process: handlers by topic (a worker kind, every kind at once in
 * `procos worker`, or a test's or a bench's own). */
export interface HandlerSet {
  kind: string;
  tags: string[];
  handlers: Record<string, Handler>;
  /** the health of the service adapters the handlers use, reported to the kernel (workers/adapter-reports.ts) */
  adapterHealth?(config: WorkerConfig): Promise<Record<string, ComponentInfo>>;
}

/** A worker kind ProcOS ships: exactly one handler for each topic the catalogue (common/topics.ts)
 * gives the kind. A missing handler, or one for a topic the kind does not have, does not compile. */
export interface WorkerKind<K extends WorkerKindName> extends HandlerSet {
  kind: K;
  handlers: { [T in TopicName<K>]: Handler };
}

export const success = (variables?: Record<string, unknown>): HandlerResult => ({ kind: 'success', variables });
export const failure = (message: string, details?: string, retries?: number): HandlerResult =>
  ({ kind: 'failure', message, details, retries });
export const bpmnError = (code: string, message?: string, variables?: Record<string, unknown>): HandlerResult =>
  ({ kind: 'bpmn-error', code, message, variables });
