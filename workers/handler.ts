/**
 * What a topic handler is: a function from a task to a result. The base worker turns results into
 * Camunda calls (complete / handleFailure / handleBpmnError) so handlers never touch the client.
 */
import type { ComponentInfo, KernelEvent } from '../common/contract';
import type { WorkerConfig, WorkerRequests, WorkerRequestMethod } from '../common/worker-protocol';

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

/** A worker kind: its topics and handlers, run in one process. */
export interface WorkerKind {
  kind: string;
  tags: string[];
  handlers: Record<string, Handler>;
  /** the health of the service adapters the handlers use, reported to the kernel (workers/adapter-reports.ts) */
  adapterHealth?(config: WorkerConfig): Promise<Record<string, ComponentInfo>>;
}

export const success = (variables?: Record<string, unknown>): HandlerResult => ({ kind: 'success', variables });
export const failure = (message: string, details?: string, retries?: number): HandlerResult =>
  ({ kind: 'failure', message, details, retries });
export const bpmnError = (code: string, message?: string, variables?: Record<string, unknown>): HandlerResult =>
  ({ kind: 'bpmn-error', code, message, variables });
