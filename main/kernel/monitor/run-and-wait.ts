/**
 * `procos run --wait`: starts an instance and follows it until it ends, raises an incident, or the
 * timeout passes — woken at once when a worker reports a task of it, else looking again every second
 * (for what no worker reports: user tasks, timers, jobs). A caller that went away ends the wait.
 * It asks the engine as little as it can while the instance runs, since its calls compete with the
 * workers' for the engine: nothing right after the start (the instance waits at its first step), nothing
 * after a task that leads straight to another waiting step, and after a task that ends the instance the
 * variables alone, since it completed (task-successors.ts says which tasks are which).
 */
import { ApiError, type KernelEvent, type RunInput, type RunResult } from '../../../common/contract';
import type { CamundaRest } from '../camunda-rest';
import type { DefinitionDocuments } from './bpmn-xml';
import type { MonitorCommands } from './commands';
import { mapState, type HistoricInstance } from './engine-rows';
import type { TaskSuccessors } from './task-successors';
import type { InstanceVariables } from './variables';

type TaskOutcome = Extract<KernelEvent, { type: 'task' }>['outcome'];
interface TaskReport { topic: string; outcome: TaskOutcome }
/** what the loop learned since its last look: the workers' reports, or nothing for `ms` (the fallback look) */
type News = TaskReport[] | 'timeout';

/** How often a run with no news looks at its instance anyway. */
const FALLBACK_LOOK_MS = 1000;

const noSuccessors: TaskSuccessors = { continuing: new Set(), ending: new Set() };
const path = encodeURIComponent;

export class RunAndWait {
  /** the instances being followed: the tasks reported since the loop last took them, and its wake-up */
  private followed = new Map<string, { reports: TaskReport[]; wake?: () => void }>();

  constructor(private rest: CamundaRest, private commands: MonitorCommands, private variables: InstanceVariables,
    private documents: DefinitionDocuments) {}

  /** Starts an instance; with wait, follows it until it ends, raises an incident, or the timeout passes;
   * a caller that went away (`signal`) ends the wait. */
  async run(input: RunInput, onStarted?: (id: string) => void, signal?: AbortSignal): Promise<RunResult> {
    const started = await this.commands.start(input);
    const { id } = started;
    this.followed.set(id, { reports: [] });
    onStarted?.(id);
    try {
      // an instance that ended in the start call is final: its variables read beside its state
      if (!input.wait || started.ended) return (await this.look(id, { incidents: true, variables: started.ended }))!;
      const deadline = Date.now() + input.timeoutSeconds * 1000;
      const successors = this.documents.taskSuccessors(started.definitionId).catch(() => noSuccessors);
      // the instance waits at its first step: nothing to ask until a worker reports or a second passes
      let news: News = [];
      signal?.addEventListener('abort', () => this.followed.get(id)?.wake?.(), { once: true });
      for (;;) {
        if (signal?.aborted) throw new ApiError(`the caller went away: stopped waiting for instance ${id} (it runs on)`, 499);
        const { continuing, ending } = news === 'timeout' ? noSuccessors : await successors;
        if (news === 'timeout' || !news.every((r) => r.outcome === 'done' && continuing.has(r.topic))) {
          const ended = news !== 'timeout' && news.some((r) => r.outcome === 'done' && ending.has(r.topic));
          // a task reported done raises no incident: only a failure or the fallback look counts them
          const incidents = news === 'timeout' || news.some((r) => r.outcome === 'failed');
          const result = await this.look(id, { incidents, variables: ended, onlyIfEnded: Date.now() < deadline });
          if (result) return result;
        }
        news = await this.next(id, Math.max(0, Math.min(FALLBACK_LOOK_MS, deadline - Date.now())));
      }
    } finally {
      this.followed.delete(id);
    }
  }

  /** The instance's state (with its open incidents when asked) and variables; with onlyIfEnded, nothing
   * while it runs without an incident. Variables the caller knows are final are read beside the state, or alone
   * when the instance completed with the task just reported (no failure among the reports); else after the state. */
  private async look(id: string, opts: { incidents: boolean; variables: boolean; onlyIfEnded?: boolean }): Promise<RunResult | undefined> {
    if (opts.variables && !opts.incidents) {
      // the instance ended in the transaction of the task just reported done: it COMPLETED, so its variables are
      // all there is to read (none read: its history may be gone already, P0D — the whole look below says so)
      const values = await this.variables.values(id);
      if (Object.keys(values).length) return { id, state: 'COMPLETED', variables: values };
    }
    const [h, open, values] = await Promise.all([
      this.rest.get<HistoricInstance>(`/history/process-instance/${path(id)}`).catch((err: unknown) => {
        // the history of a run is written at its start: gone now, the run has ended and the engine's
        // cleanup has taken it already (a process that keeps none, historyTimeToLive P0D)
        if (err instanceof ApiError && err.status === 404) {
          throw new ApiError(`instance ${id} has ended, and its history is already removed (its process keeps none: historyTimeToLive P0D), so its end state and variables cannot be read; give the process a longer historyTimeToLive to see them`, 410);
        }
        throw err;
      }),
      opts.incidents ? this.rest.get<{ count: number }>(`/incident/count?processInstanceId=${path(id)}`) : undefined,
      opts.variables ? this.variables.values(id) : undefined,
    ]);
    const state = mapState(h, (open?.count ?? 0) > 0);
    if (opts.onlyIfEnded && state === 'ACTIVE') return undefined;
    return { id, state, variables: values ?? await this.variables.values(id) };
  }

  /** The reports that came since the last call, at once if there are some, else the first ones within `ms`. */
  private next(id: string, ms: number): Promise<News> {
    const followed = this.followed.get(id)!;
    const take = (): News => followed.reports.splice(0);
    if (followed.reports.length) return Promise.resolve(take());
    return new Promise((resolve) => {
      const timer = setTimeout(() => { followed.wake = undefined; resolve('timeout'); }, ms);
      followed.wake = () => { clearTimeout(timer); followed.wake = undefined; resolve(take()); };
    });
  }

  /** A worker finished (or failed) a task of this instance: a run following it looks again now. */
  taskReported(instanceId: string | undefined, topic: string, outcome: TaskOutcome) {
    const followed = instanceId ? this.followed.get(instanceId) : undefined;
    if (!followed) return;
    followed.reports.push({ topic, outcome });
    followed.wake?.();
  }
}
