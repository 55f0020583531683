/**
 * The base worker: one camunda-external-task-client-js Client per worker process, long polling,
 * one subscription per topic, and the translation of a HandlerResult into complete / handleFailure /
 * handleBpmnError. Locks of running tasks are extended automatically (long AI calls), and stop()
 * stops polling, finishes in-flight tasks and resolves when the worker is idle.
 * The client's requests go through node:http (engine-http.ts), not its own got.
 * The engine connection can change while it runs (setEngine): every request — long poll, complete,
 * extendLock — goes to the current URL, with credentials only for it; while paused (null) requests
 * wait instead of going anywhere. Under the kernel, a lost connection pauses the worker until the
 * kernel names the engine again (onEngineLost), so a stranger on the old port never gets a password.
 */
import { Client, type Task, type TaskService } from 'camunda-external-task-client-js';
import type { KernelEvent } from '../common/contract';
import { failure, type HandlerResult, type TaskContext, type HandlerSet } from './handler';
import type { EngineConnection, WorkerConfig } from '../common/worker-protocol';
import { fromTaskVariables, toVariables } from './variables';
import { engineHttp } from './engine-http';
import { engineAuthHeaders } from '../common/engine-auth';

/** What a worker needs from whoever runs it (the kernel over IPC, or the standalone runner). */
export interface WorkerIO {
  emit(event: KernelEvent): void;
  log(line: string): void;
  request: TaskContext['request'];
}

export interface RunningWorker {
  readonly workerId: string;
  readonly topics: string[];
  inFlight(): number;
  /** the engine URL requests go to; null while paused */
  engineUrl(): string | null;
  /** use this engine from now on (the running long poll is dropped at once), or pause (null) */
  setEngine(engine: EngineConnection | null): void;
  /** stop polling, wait for in-flight tasks (at most `timeoutMs`), then resolve */
  stop(timeoutMs?: number): Promise<void>;
}

export interface WorkerOptions {
  /** start paused (null) or with another engine than config.engine */
  engine?: EngineConnection | null;
  /** when set, a failed connection pauses the worker and calls this; it resumes on setEngine */
  onEngineLost?(url: string, reason: string): void;
}

/** The client's engine service: one place all its requests pass through (not public API of
 * camunda-external-task-client-js 3.x, so checked at start). */
interface EngineService { request(method: string, path: string, options?: { json?: unknown }): Promise<unknown> }

const MAX_POLL_BACKOFF_MS = 5000;

/** retries left and retry timeout after a failure, from what the engine knows about the task. */
export function retryPlan(taskRetries: number | null, config: Pick<WorkerConfig, 'defaultRetries' | 'retryBaseMs'>, override?: number) {
  const current = taskRetries ?? config.defaultRetries;
  const retries = Math.max(0, override ?? current - 1);
  const attempt = Math.max(0, config.defaultRetries - current);
  const retryTimeout = retries > 0 ? config.retryBaseMs * 2 ** attempt : 0;
  return { retries, retryTimeout };
}

export function unknownTopicMessage(topic: string, kind: HandlerSet): string {
  const known = Object.keys(kind.handlers);
  return `Unknown topic "${topic}": the ${kind.kind} worker handles ${known.length ? known.join(', ') : 'no topics'}`;
}

/** The engine refused a change because another transaction changed the same row meanwhile (ENGINE-03005). */
function isConcurrentUpdate(error: unknown): boolean {
  return /ENGINE-03005|updated by another transaction concurrently/.test((error as Error)?.message ?? '');
}

/** A failure to reach the engine at all (no HTTP answer), as opposed to an answer with an error. */
function isConnectionFailure(error: unknown): boolean {
  const e = error as { response?: unknown; name?: string; code?: string };
  return !!error && !e.response && e.name !== 'AbortError' && e.code !== 'ERR_ABORTED';
}

export function startWorker(kind: HandlerSet, config: WorkerConfig, io: WorkerIO, opts: WorkerOptions = {}): RunningWorker {
  const topics = config.topics?.length ? [...new Set(config.topics)] : Object.keys(kind.handlers);
  const workerId = `procos-${kind.kind}-${process.pid}`;
  let engine: EngineConnection | null = opts.engine === undefined ? config.engine : opts.engine;
  let resumeWaiters: (() => void)[] = [];
  let pollAbort = new AbortController();

  const idleInterval = config.asyncResponseTimeoutMs > 0 ? 0 : 300;
  const client = new Client({
    baseUrl: config.engine.url,
    workerId,
    maxTasks: config.maxTasks,
    // never hold more than maxTasks locked: tasks a busy worker cannot start stay free for other workers
    maxParallelExecutions: config.maxTasks,
    lockDuration: config.lockDurationMs,
    asyncResponseTimeout: config.asyncResponseTimeoutMs > 0 ? config.asyncResponseTimeoutMs : undefined,
    interval: idleInterval,
    autoPoll: false,
  });
  const engineService = (client as unknown as { engineService?: EngineService }).engineService;
  if (!engineService || typeof engineService.request !== 'function') {
    throw new Error('camunda-external-task-client-js has no engineService.request: its requests cannot be routed');
  }
  const http = engineHttp();
  engineService.request = async (method, path, options = {}) => {
    while (!engine) {
      if (stopping) throw new Error('stopping while the engine is down');
      await new Promise<void>((resolve) => resumeWaiters.push(resolve));
    }
    // Only the long poll (its body has `topics`) is aborted on stop or switch; complete/failure calls run to the end.
    const signal = (options.json as { topics?: unknown } | undefined)?.topics ? pollAbort.signal : undefined;
    // credentials only for the engine in use at the moment the request leaves
    return http.request(method, `${engine.url.replace(/\/$/, '')}${path}`, { json: options.json, headers: engineAuthHeaders(engine), signal });
  };
  const setEngine = (next: EngineConnection | null) => {
    engine = next;
    pollAbort.abort(); // the long poll in flight went to the old URL: drop it now
    pollAbort = new AbortController();
    if (next) io.log(`engine is now ${next.url}`);
    if (next || stopping) { resumeWaiters.forEach((w) => w()); resumeWaiters = []; }
  };
  /** Under the kernel: a failed connection pauses the worker until the kernel confirms an engine. */
  const lost = (error: unknown): boolean => {
    if (!opts.onEngineLost || !engine || !isConnectionFailure(error)) return false;
    const url = engine.url;
    setEngine(null);
    io.log(`lost the engine at ${url} (${describeError(error)}): paused until the kernel confirms an engine`);
    opts.onEngineLost(url, describeError(error));
    return true;
  };

  let stopping = false;
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  let pollFailing = false;
  client.on('poll:start', () => {
    // at capacity the client re-checks after `interval`: not in a tight loop
    if (!pollFailing) client.options.interval = client.activeTasksCount >= config.maxTasks ? 5 : idleInterval;
  });
  client.on('poll:success', () => {
    if (pollFailing) io.log(`engine reachable again at ${engine?.url}`);
    pollFailing = false;
    client.options.interval = idleInterval;
  });
  client.on('poll:error', (error: Error) => {
    if (stopping || !isConnectionFailure(error) && !(error as { response?: unknown }).response) return; // dropped by us
    if (lost(error)) { client.options.interval = idleInterval; return; }
    if (!pollFailing) io.log(`polling ${engine?.url} failed: ${describeError(error)}; retrying with backoff`);
    pollFailing = true;
    client.options.interval = Math.min(MAX_POLL_BACKOFF_MS, Math.max(250, client.options.interval * 2));
  });

  /** ids of the tasks being run here: a task whose lock ran out while it ran (the machine slept, or
   * it ran longer than its lock) may be fetched again by this very worker — it is not run twice */
  const running = new Set<string>();
  const execute = async (task: Task, taskService: TaskService) => {
    if (stopping) { // fetched while stopping: hand it back at once
      await taskService.unlock(task).catch(() => undefined);
      return;
    }
    if (running.has(task.id)) {
      io.log(`${task.topicName} ${task.id} fetched again while it runs here (its lock ran out): not run twice`);
      return;
    }
    running.add(task.id);
    inFlight++;
    const started = Date.now();
    const keepAlive = setInterval(() => {
      taskService.extendLock(task, config.lockDurationMs).catch((e) => io.log(`extendLock ${task.id}: ${describeError(e)}`));
    }, Math.max(1000, Math.floor(config.lockDurationMs / 2)));
    let result: HandlerResult;
    try {
      const handler = kind.handlers[task.topicName];
      result = handler
        ? await handler(contextFor(task, taskService))
        : failure(unknownTopicMessage(task.topicName, kind), undefined, 0);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      result = failure(e.message || `handler for ${task.topicName} threw`, e.stack);
    } finally {
      clearInterval(keepAlive);
    }
    const reportOnce = () => report(task, taskService, result, Date.now() - started).catch(async (error) => {
      if (!lost(error) && !(opts.onEngineLost && !engine && isConnectionFailure(error))) throw error;
      await report(task, taskService, result, Date.now() - started); // waits for the engine the kernel names next
    });
    try {
      // a fetch of the same task (its lock ran out) may touch it in the same instant: the engine's
      // optimistic locking refuses one of the two, and the task, still ours, is reported again
      for (let attempt = 1; ; attempt++) {
        try { await reportOnce(); break; } catch (error) {
          if (attempt >= 3 || !isConcurrentUpdate(error)) throw error;
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    } catch (error) {
      io.log(`reporting ${task.topicName} ${task.id} to the engine failed: ${describeError(error)}`);
    } finally {
      running.delete(task.id);
      inFlight--;
      if (inFlight === 0) { idleWaiters.forEach((w) => w()); idleWaiters = []; }
    }
  };

  const contextFor = (task: Task, taskService: TaskService): TaskContext => ({
    topic: task.topicName,
    taskId: task.id,
    processInstanceId: task.processInstanceId,
    activityId: task.activityId,
    createTime: task.createTime,
    variables: fromTaskVariables(task.variables),
    retries: task.retries ?? null,
    config,
    emit: io.emit,
    request: io.request,
    extendLock: (ms) => taskService.extendLock(task, ms),
  });

  const report = async (task: Task, taskService: TaskService, result: HandlerResult, tookMs: number) => {
    const base = { type: 'task' as const, topic: task.topicName, taskId: task.id, instanceId: task.processInstanceId };
    if (result.kind === 'success') {
      await taskService.complete(task, toVariables(result.variables));
      io.emit({ ...base, outcome: 'done', at: Date.now() });
      io.log(`${task.topicName} ${task.id} done in ${tookMs} ms`);
    } else if (result.kind === 'bpmn-error') {
      await taskService.handleBpmnError(task, result.code, result.message, toVariables(result.variables));
      io.emit({ ...base, outcome: 'bpmn-error', message: `${result.code}${result.message ? `: ${result.message}` : ''}`, at: Date.now() });
      io.log(`${task.topicName} ${task.id} BPMN error ${result.code} in ${tookMs} ms`);
    } else {
      const { retries, retryTimeout } = retryPlan(task.retries ?? null, config, result.retries);
      await taskService.handleFailure(task, { errorMessage: result.message, errorDetails: result.details, retries, retryTimeout });
      io.emit({ ...base, outcome: 'failed', message: result.message, at: Date.now() });
      io.log(`${task.topicName} ${task.id} failed (${retries} retries left${retries ? `, next in ${retryTimeout} ms` : ' → incident'}): ${result.message}`);
    }
  };

  for (const topic of topics) {
    client.subscribe(topic, { lockDuration: config.lockDurationMs }, ({ task, taskService }) => execute(task, taskService));
  }
  const unknown = topics.filter((t) => !kind.handlers[t]);
  if (unknown.length) io.log(`warning: no handler for ${unknown.join(', ')}; such tasks fail without retries`);
  client.start();
  io.log(`${kind.kind} worker ${workerId} polling ${engine ? engine.url : '(paused until the engine is up)'} for ${topics.join(', ')}`);

  return {
    workerId,
    topics,
    inFlight: () => inFlight,
    engineUrl: () => engine?.url ?? null,
    setEngine,
    async stop(timeoutMs = config.lockDurationMs) {
      if (!stopping) {
        stopping = true;
        client.stop();
        pollAbort.abort();
        if (!engine) { resumeWaiters.forEach((w) => w()); resumeWaiters = []; } // a paused poll ends now
      }
      if (inFlight > 0) {
        io.log(`stopping: waiting for ${inFlight} task(s) in flight`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => { io.log(`stop: gave up waiting after ${timeoutMs} ms`); resolve(); }, timeoutMs);
          idleWaiters.push(() => { clearTimeout(timer); resolve(); });
        });
      }
      http.close();
    },
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const response = (error as { response?: { statusCode?: number; body?: unknown } }).response;
    return response?.statusCode ? `${error.message} (HTTP ${response.statusCode})` : error.message;
  }
  return String(error);
}
