/**
 * A measuring instrument, not a worker to ship: the least a client can do per external task — one
 * long poll (fetchAndLock) always in flight, a no-op handler, one complete — over node:http with a
 * keep-alive agent (the workers' engine-http.ts), no client library, no variables mapping, no events.
 * What it achieves on an engine is what that engine allows any client: the workers bench shows it as the ceiling beside the contenders,
 * the ai bench times a three-task instance with it as the floor of a three-task process.
 */
import { engineHttp } from '../../workers/engine-http';
import { engineAuthHeaders } from '../../common/engine-auth';
import type { EngineConnection } from '../../common/worker-protocol';

export interface MinimalTask { id: string; topicName?: string; createTime?: string; processInstanceId?: string }

/** `outputs`, when given: the variables (engine-typed) each task completes with, by topic; else none.
 * `onCompleted`, when given: called once the engine has answered a task's complete. */
export function startMinimalWorker(engine: EngineConnection, topics: string[], onTask: (task: MinimalTask) => void, opts = { maxTasks: 10, asyncResponseTimeoutMs: 10_000, lockDurationMs: 30_000 },
  outputs?: Record<string, Record<string, unknown>>, onCompleted?: (task: MinimalTask) => void) {
  const http = engineHttp();
  const url = engine.url.replace(/\/$/, '');
  const headers = engineAuthHeaders(engine);
  const abort = new AbortController();
  const post = (path: string, json: unknown, signal?: AbortSignal) => http.request('POST', `${url}${path}`, { json, headers, signal });

  const workerId = `minimal-${process.pid}`;
  let running = true;
  let failed: Error | undefined; // the first error while running, thrown by stop()
  const completing = new Set<Promise<void>>(); // the tasks in hand: one complete each
  const loop = async () => {
    while (running) {
      if (completing.size >= opts.maxTasks) { await Promise.race(completing); continue; }
      let tasks: MinimalTask[];
      try {
        tasks = await post('/external-task/fetchAndLock', {
          workerId, maxTasks: opts.maxTasks - completing.size, asyncResponseTimeout: opts.asyncResponseTimeoutMs,
          topics: topics.map((topicName) => ({ topicName, lockDuration: opts.lockDurationMs })),
        }, abort.signal) as MinimalTask[]; // only the long poll is dropped on stop
      } catch (error) {
        if (running) failed ??= error as Error;
        return;
      }
      for (const task of tasks) {
        onTask(task);
        const variables = outputs?.[task.topicName ?? ''];
        const complete: Promise<void> = post(`/external-task/${task.id}/complete`, variables ? { workerId, variables } : { workerId })
          .then(() => onCompleted?.(task), (error: Error) => { if (running) failed ??= error; })
          .finally(() => completing.delete(complete));
        completing.add(complete);
      }
    }
  };
  const done = loop();
  return async () => {
    running = false;
    abort.abort();
    await done;
    await Promise.all(completing);
    http.close();
    if (failed) throw failed;
  };
}
