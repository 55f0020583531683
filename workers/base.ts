/**
 * The base worker: ProcOS's own external-task loop over node:http (no client library). A long poll is held
 * open on every node of the engine (node-polls.ts), one handler runs per topic, and a HandlerResult becomes
 * complete / failure (retries with backoff → incident at 0) / BPMN error, reported to the node that locked
 * the task — or, when that node does not answer, to another node of the cluster (one database, the same
 * task). Locks of running tasks are extended (long AI calls); stop() stops polling, finishes in-flight
 * tasks and resolves when the worker is idle.
 * The engine can change while the worker runs (setEngine): every request goes to the current nodes, with
 * credentials only for them; while paused (null), reports wait instead of going anywhere. Under the kernel,
 * a lost connection to a single engine pauses the worker until the kernel names the engine again
 * (onEngineLost), so a stranger on the old port never gets a password; a node of a cluster that stops
 * answering is only backed off while the others go on.
 */
import type { KernelEvent } from '../common/contract';
import { toTypedVariables } from '../common/variables';
import { engineNodeUrls, type EngineConnection, type WorkerConfig } from '../common/worker-protocol';
import { engineAuthHeaders } from '../common/engine-auth';
import { failure, type HandlerResult, type TaskContext, type HandlerSet } from './handler';
import { externalTaskCalls, type LockedTask, type NodeTarget } from './external-tasks';
import { NodePolls } from './node-polls';
import { fromTaskVariables } from './variables';

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
  /** the engine URL requests go to (of a cluster: the first node); null while paused */
  engineUrl(): string | null;
  /** use this engine from now on (the long polls in flight are dropped at once), or pause (null) */
  setEngine(engine: EngineConnection | null): void;
  /** ask the engine again now, for a task it did not announce to the waiting long polls (NodePolls.kick) */
  pollNow(): void;
  /** stop polling, wait for in-flight tasks (at most `timeoutMs`), then resolve */
  stop(timeoutMs?: number): Promise<void>;
}

export interface WorkerOptions {
  /** start paused (null) or with another engine than config.engine */
  engine?: EngineConnection | null;
  /** when set, a failed connection to a single engine pauses the worker and calls this; it resumes on setEngine */
  onEngineLost?(url: string, reason: string): void;
}

/** A report or lock call that gets no answer in this time is sent to another node (or fails). */
const REQUEST_TIMEOUT_MS = 30_000;
/** A long poll still unanswered this long after its asyncResponseTimeout: the node hangs. */
const POLL_GRACE_MS = 10_000;
/** Without long polling, the pause after an empty answer. */
const SHORT_POLL_IDLE_MS = 300;
/** On stop, how long the open long polls get to end after the farewell before they are dropped. */
const STOP_POLLS_MS = 1000;

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

/** Runs `call` with a signal that aborts with `outer` (if given) or after `ms` (a TimeoutError), its timer
 * cleared as soon as the call ends. (AbortSignal.any would tie one more signal to the long-lived `outer` at
 * every poll; AbortSignal.timeout keeps its timer for the whole `ms`.) */
async function withDeadline<T>(outer: AbortSignal | undefined, ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const inner = new AbortController();
  const abort = () => inner.abort(outer?.reason);
  if (outer?.aborted) abort();
  else outer?.addEventListener('abort', abort);
  const timer = setTimeout(() => inner.abort(new DOMException(`no answer in ${ms} ms`, 'TimeoutError')), ms);
  try {
    return await call(inner.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', abort);
  }
}

/** A failure to reach the engine at all (no HTTP answer, or none in time), as opposed to an answer with an error. */
function isConnectionFailure(error: unknown): boolean {
  return !!error && !(error as { response?: unknown }).response;
}

export function startWorker(kind: HandlerSet, config: WorkerConfig, io: WorkerIO, opts: WorkerOptions = {}): RunningWorker {
  const topics = config.topics?.length ? [...new Set(config.topics)] : Object.keys(kind.handlers);
  const workerId = `procos-${kind.kind}-${process.pid}`;
  const lockTopics = topics.map((topicName) => ({ topicName, lockDuration: config.lockDurationMs }));
  const calls = externalTaskCalls(workerId);
  let engine: EngineConnection | null = opts.engine === undefined ? config.engine : opts.engine;
  let stopping = false;
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  let resumeWaiters: (() => void)[] = [];

  const polls = new NodePolls({
    maxTasks: config.maxTasks,
    idleMs: config.asyncResponseTimeoutMs > 0 ? 0 : SHORT_POLL_IDLE_MS,
    fetch: (url, maxTasks, signal) => withDeadline(signal, config.asyncResponseTimeoutMs + POLL_GRACE_MS, (deadline) =>
      calls.fetchAndLock({ url, headers: engine ? engineAuthHeaders(engine) : {} }, {
        topics: lockTopics, maxTasks, asyncResponseTimeoutMs: config.asyncResponseTimeoutMs, usePriority: config.usePriority, signal: deadline,
      })),
    onTasks: (url, tasks) => { for (const task of tasks) void execute(url, task); },
    onFailure: (url, error, first) => {
      if (lost(url, error)) return;
      if (first) io.log(`polling ${url} failed: ${describeError(error)}; retrying with backoff`);
    },
    onRecovered: (url) => io.log(`engine reachable again at ${url}`),
  });

  const setEngine = (next: EngineConnection | null) => {
    engine = next;
    polls.follow(next && !stopping ? engineNodeUrls(next) : []); // the long polls in flight went to the old nodes: dropped now
    if (next) io.log(`engine is now ${engineNodeUrls(next).join(', ')}`);
    if (next || stopping) { resumeWaiters.forEach((w) => w()); resumeWaiters = []; }
  };

  /** Under the kernel: a single engine that cannot be reached pauses the worker until the kernel confirms one. */
  const lost = (url: string, error: unknown): boolean => {
    if (!opts.onEngineLost || !engine || !isConnectionFailure(error)) return false;
    const urls = engineNodeUrls(engine);
    if (urls.length > 1 || urls[0] !== url) return false;
    setEngine(null);
    io.log(`lost the engine at ${url} (${describeError(error)}): paused until the kernel confirms an engine`);
    opts.onEngineLost(url, describeError(error));
    return true;
  };

  /** A call to the node `preferred` if it is still one of the engine's, else (or when it does not answer)
   * to the other nodes in turn; waits while paused. `mayPause`: a lost single engine pauses the worker and
   * the call is made once more to the engine the kernel names next. */
  const toEngine = async <T>(preferred: string, call: (to: NodeTarget, signal: AbortSignal) => Promise<T>, mayPause: boolean): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      while (!engine) {
        if (stopping) throw new Error('stopping while the engine is down');
        await new Promise<void>((resolve) => resumeWaiters.push(resolve));
      }
      const current = engine;
      const urls = engineNodeUrls(current);
      const order = urls.includes(preferred) ? [preferred, ...urls.filter((u) => u !== preferred)] : urls;
      let lastError: unknown;
      for (const url of order) {
        try {
          return await withDeadline(undefined, REQUEST_TIMEOUT_MS, (signal) => call({ url, headers: engineAuthHeaders(current) }, signal));
        } catch (error) {
          if (!isConnectionFailure(error)) throw error;
          lastError = error;
        }
        if (engine !== current) break; // switched meanwhile: the next attempt goes to the new engine
      }
      if (attempt === 0 && (engine !== current || (mayPause && lost(order[0], lastError)))) continue;
      throw lastError;
    }
  };

  /** A request for nothing on each node: an engine with fetch-and-lock-unique-worker-request (ProcOS's own,
   * engine-config.ts) then ends this worker's waiting poll there, since a new one of the same worker id replaces it. */
  const endWaitingPolls = (current: EngineConnection) => (urls: string[]) => Promise.all(urls.map((url) => calls.fetchAndLock(
    { url, headers: engineAuthHeaders(current) },
    { topics: lockTopics, maxTasks: 0, asyncResponseTimeoutMs: 1, signal: AbortSignal.timeout(STOP_POLLS_MS) },
  )));

  /** ids of the tasks being run here: a task whose lock ran out while it ran (the machine slept, or
   * it ran longer than its lock) may be fetched again by this very worker — it is not run twice */
  const running = new Set<string>();
    const execute = async (url: string, task: LockedTask) => {
    if (stopping) { // fetched while stopping: hand it back at once
      await toEngine(url, (to, signal) => calls.unlock(to, task.id, signal), false).catch(() => undefined);
      polls.done();
      return;
    }
    if (running.has(task.id)) {
      io.log(`${task.topicName} ${task.id} fetched again while it runs here (its lock ran out): not run twice`);
      polls.done();
      return;
    }
    running.add(task.id);
    inFlight++;
    const started = Date.now();
    const extendLock = (ms: number) => toEngine(url, (to, signal) => calls.extendLock(to, task.id, ms, signal), false).then(() => undefined);
    const keepAlive = setInterval(() => {
      extendLock(config.lockDurationMs).catch((e) => io.log(`extendLock ${task.id}: ${describeError(e)}`));
    }, Math.max(1000, Math.floor(config.lockDurationMs / 2)));
    let result: HandlerResult;
    try {
      const handler = kind.handlers[task.topicName];
      result = handler
        ? await handler(contextFor(task, extendLock))
        : failure(unknownTopicMessage(task.topicName, kind), undefined, 0);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      result = failure(e.message || `handler for ${task.topicName} threw`, e.stack);
    } finally {
      clearInterval(keepAlive);
    }
    try {
      // a fetch of the same task (its lock ran out) may touch it in the same instant: the engine's
      // optimistic locking refuses one of the two, and the task, still ours, is reported again
      for (let attempt = 1; ; attempt++) {
        try { await report(url, task, result, Date.now() - started); break; } catch (error) {
          if (attempt >= 3 || !isConcurrentUpdate(error)) throw error;
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    } catch (error) {
      io.log(`reporting ${task.topicName} ${task.id} to the engine failed: ${describeError(error)}`);
    } finally {
      running.delete(task.id);
      inFlight--;
      polls.done();
      if (inFlight === 0) { idleWaiters.forEach((w) => w()); idleWaiters = []; }
    }
  };

  const contextFor = (task: LockedTask, extendLock: (ms: number) => Promise<void>): TaskContext => ({
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
    extendLock,
  });

  const report = async (url: string, task: LockedTask, result: HandlerResult, tookMs: number) => {
    const base = { type: 'task' as const, topic: task.topicName, taskId: task.id, instanceId: task.processInstanceId };
    if (result.kind === 'success') {
      const variables = toTypedVariables(result.variables);
      await toEngine(url, (to, signal) => calls.complete(to, task.id, variables, signal), true);
      io.emit({ ...base, outcome: 'done', at: Date.now() });
      io.log(`${task.topicName} ${task.id} done in ${tookMs} ms`);
    } else if (result.kind === 'bpmn-error') {
      const variables = toTypedVariables(result.variables);
      await toEngine(url, (to, signal) => calls.bpmnError(to, task.id, result.code, result.message, variables, signal), true);
      io.emit({ ...base, outcome: 'bpmn-error', message: `${result.code}${result.message ? `: ${result.message}` : ''}`, at: Date.now() });
      io.log(`${task.topicName} ${task.id} BPMN error ${result.code} in ${tookMs} ms`);
    } else {
      const { retries, retryTimeout } = retryPlan(task.retries ?? null, config, result.retries);
      const failed = { errorMessage: result.message, errorDetails: result.details, retries, retryTimeout };
      await toEngine(url, (to, signal) => calls.failure(to, task.id, failed, signal), true);
      io.emit({ ...base, outcome: 'failed', message: result.message, at: Date.now() });
      io.log(`${task.topicName} ${task.id} failed (${retries} retries left${retries ? `, next in ${retryTimeout} ms` : ' → incident'}): ${result.message}`);
    }
  };

  const unknown = topics.filter((t) => !kind.handlers[t]);
  if (unknown.length) io.log(`warning: no handler for ${unknown.join(', ')}; such tasks fail without retries`);
  if (engine) polls.follow(engineNodeUrls(engine));
  io.log(`${kind.kind} worker ${workerId} polling ${engine ? engineNodeUrls(engine).join(', ') : '(paused until the engine is up)'} for ${topics.join(', ')}`);

  return {
    workerId,
    topics,
    inFlight: () => inFlight,
    engineUrl: () => engine?.url ?? null,
    setEngine,
    pollNow: () => {
      const current = engine;
      if (!stopping && current) void polls.kick(endWaitingPolls(current));
    },
    async stop(timeoutMs = config.lockDurationMs) {
      if (!stopping) {
        stopping = true;
        if (!engine) { resumeWaiters.forEach((w) => w()); resumeWaiters = []; } // a report waiting for the engine ends now
        // A long poll the client drops stays waiting in the engine and would lock the next task for nobody.
        // So this worker asks once more, for nothing: an engine with fetch-and-lock-unique-worker-request
        // (ProcOS's own, engine-config.ts) then ends the waiting poll; the open polls are dropped only after
        // STOP_POLLS_MS (an engine without that setting keeps them until their timeout).
        const current = engine;
        await polls.finish(STOP_POLLS_MS, async (urls) => current && await endWaitingPolls(current)(urls));
      }
      if (inFlight > 0) {
        io.log(`stopping: waiting for ${inFlight} task(s) in flight`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => { io.log(`stop: gave up waiting after ${timeoutMs} ms`); resolve(); }, timeoutMs);
          idleWaiters.push(() => { clearTimeout(timer); resolve(); });
        });
      }
      calls.close();
    },
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const response = (error as { response?: { statusCode?: number } }).response;
    if (response?.statusCode) return `${error.message} (HTTP ${response.statusCode})`;
    const cause = (error as { cause?: { name?: string } }).cause;
    return error.name === 'TimeoutError' || cause?.name === 'TimeoutError' ? `no answer in time (${error.message})` : error.message;
  }
  return String(error);
}
