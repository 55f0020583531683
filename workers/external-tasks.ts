/**
 * Camunda 7's external-task REST calls, as one worker makes them: fetch-and-lock (long polling), complete,
 * failure, BPMN error, extend lock and unlock, each to the engine node it names, over node:http with one
 * keep-alive agent (engine-http.ts). The bodies are those of Camunda 7's External Task REST API.
 */
import type { TypedValue } from '../common/variables';
import { engineHttp } from './engine-http';

/** A task as fetch-and-lock returns it (the fields ProcOS reads). */
export interface LockedTask {
  id: string;
  topicName: string;
  processInstanceId?: string;
  activityId?: string;
  createTime?: string;
  retries: number | null;
  variables?: Record<string, TypedValue>;
}

export interface FailureReport { errorMessage: string; errorDetails?: string; retries: number; retryTimeout: number }

/** Where a call goes: a node's REST base URL and the headers (credentials) for it. */
export interface NodeTarget { url: string; headers: Record<string, string> }

export interface FetchRequest {
  topics: { topicName: string; lockDuration: number }[];
  maxTasks: number;
  /** 0: answer at once; else hold the request until a task comes or this many ms passed */
  asyncResponseTimeoutMs: number;
  /** highest priority first (a sort the engine does at every fetch) */
  usePriority?: boolean;
  signal?: AbortSignal;
}

/** The calls of worker `workerId`; close() drops the idle connections. */
export function externalTaskCalls(workerId: string) {
  const http = engineHttp();
  const post = (to: NodeTarget, path: string, json?: unknown, signal?: AbortSignal) =>
    http.request('POST', `${to.url}${path}`, { json, headers: to.headers, signal });
  return {
    fetchAndLock: async (to: NodeTarget, { topics, maxTasks, asyncResponseTimeoutMs, usePriority = false, signal }: FetchRequest) =>
      await post(to, '/external-task/fetchAndLock', {
        workerId, maxTasks, usePriority, topics,
        ...(asyncResponseTimeoutMs > 0 ? { asyncResponseTimeout: asyncResponseTimeoutMs } : {}),
      }, signal) as LockedTask[],
    complete: (to: NodeTarget, id: string, variables: Record<string, TypedValue>, signal?: AbortSignal) =>
      post(to, `/external-task/${id}/complete`, { workerId, variables }, signal),
    failure: (to: NodeTarget, id: string, report: FailureReport, signal?: AbortSignal) =>
      post(to, `/external-task/${id}/failure`, { workerId, ...report }, signal),
    bpmnError: (to: NodeTarget, id: string, errorCode: string, errorMessage: string | undefined, variables: Record<string, TypedValue>, signal?: AbortSignal) =>
      post(to, `/external-task/${id}/bpmnError`, { workerId, errorCode, errorMessage, variables }, signal),
    extendLock: (to: NodeTarget, id: string, newDuration: number, signal?: AbortSignal) =>
      post(to, `/external-task/${id}/extendLock`, { workerId, newDuration }, signal),
    unlock: (to: NodeTarget, id: string, signal?: AbortSignal) => post(to, `/external-task/${id}/unlock`, undefined, signal),
    close: () => http.close(),
  };
}

export type ExternalTaskCalls = ReturnType<typeof externalTaskCalls>;
