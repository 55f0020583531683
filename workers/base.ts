/**
 * The base worker: one camunda-external-task-client-js Client per worker process, long polling,
 * one subscription per topic, and the translation of a HandlerResult into complete / handleFailure /
 * handleBpmnError. Locks of running tasks are extended automatically (long AI calls), and stop()
 * stops polling, finishes in-flight tasks and resolves when the worker is idle.
 */
import { BasicAuthInterceptor, Client, type Interceptor, type Task, type TaskService } from 'camunda-external-task-client-js';
import type { KernelEvent } from '../common/contract';
import { failure, type HandlerResult, type TaskContext, type WorkerKind } from './handler';
import type { WorkerConfig } from '../common/worker-protocol';
import { fromTaskVariables, toVariables } from './variables';

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
  /** stop polling, wait for in-flight tasks (at most `timeoutMs`), then resolve */
  stop(timeoutMs?: number): Promise<void>;
}

const MAX_POLL_BACKOFF_MS = 5000;

/** retries left and retry timeout after a failure, from what the engine knows about the task. */
export function retryPlan(taskRetries: number | null, config: Pick<WorkerConfig, 'defaultRetries' | 'retryBaseMs'>, override?: number) {
  const current = taskRetries ?? config.defaultRetries;
  const retries = Math.max(0, override ?? current - 1);
  const attempt = Math.max(0, config.defaultRetries - current);
  const retryTimeout = retries > 0 ? config.retryBaseMs * 2 ** attempt : 0;
  return { retries, retryTimeout };
}

export function unknownTopicMessage(topic: string, kind: WorkerKind): string {
  const known = Object.keys(kind.handlers);
  return `Unknown topic "${topic}": the ${kind.kind} worker handles ${known.length ? known.join(', ') : 'no topics'}`;
}

export function startWorker(kind: WorkerKind, config: WorkerConfig, io: WorkerIO): RunningWorker {
  const topics = config.topics?.length ? [...new Set(config.topics)] : Object.keys(kind.handlers);
  const workerId = `procos-${kind.kind}-${process.pid}`;
  const pollAbort = new AbortController();
  const interceptors: Interceptor[] = [];
  if (config.engine.user && config.engine.password) {
    interceptors.push(new BasicAuthInterceptor({ username: config.engine.user, password: config.engine.password }) as unknown as Interceptor);
  }
  // Only the long poll (its body has `topics`) is aborted on stop; complete/failure calls run to the end.
  interceptors.push((options) => (options.json?.topics ? { ...options, signal: pollAbort.signal } : options));

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
    interceptors,
  });

  let stopping = false;
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  let pollFailing = false;
  client.on('poll:start', () => {
    // at capacity the client re-checks after `interval`: not in a tight loop
    if (!pollFailing) client.options.interval = client.activeTasksCount >= config.maxTasks ? 5 : idleInterval;
  });
  client.on('poll:success', () => {
    if (pollFailing) io.log(`engine reachable again at ${config.engine.url}`);
    pollFailing = false;
    client.options.interval = idleInterval;
  });
  client.on('poll:error', (error: Error) => {
    if (stopping) return;
    if (!pollFailing) io.log(`polling ${config.engine.url} failed: ${describeError(error)}; retrying with backoff`);
    pollFailing = true;
    client.options.interval = Math.min(MAX_POLL_BACKOFF_MS, Math.max(250, client.options.interval * 2));
  });

  const execute = async (task: Task, taskService: TaskService) => {
    if (stopping) { // fetched while stopping: hand it back at once
      await taskService.unlock(task).catch(() => undefined);
      return;
    }
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
    try {
      await report(task, taskService, result, Date.now() - started);
    } catch (error) {
      io.log(`reporting ${task.topicName} ${task.id} to the engine failed: ${describeError(error)}`);
    } finally {
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
  io.log(`${kind.kind} worker ${workerId} polling ${config.engine.url} for ${topics.join(', ')}`);

  return {
    workerId,
    topics,
    inFlight: () => inFlight,
    async stop(timeoutMs = config.lockDurationMs) {
      if (!stopping) {
        stopping = true;
        client.stop();
        pollAbort.abort();
      }
      if (inFlight === 0) return;
      io.log(`stopping: waiting for ${inFlight} task(s) in flight`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { io.log(`stop: gave up waiting after ${timeoutMs} ms`); resolve(); }, timeoutMs);
        idleWaiters.push(() => { clearTimeout(timer); resolve(); });
      });
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
