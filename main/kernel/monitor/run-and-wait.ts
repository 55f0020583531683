/**
 * `procos run --wait`: starts an instance and follows it until it ends, raises an incident, or the
 * timeout passes — woken at once when a worker reports a task of it, else looking again every second
 * (for what no worker reports: user tasks, timers, jobs).
 */
import type { KernelEvent, RunInput, RunResult } from '../../../common/contract';
import type { CamundaRest } from '../camunda-rest';
import type { MonitorCommands } from './commands';
import { mapState, type HistoricInstance } from './engine-rows';
import type { InstanceVariables } from './variables';

type TaskOutcome = Extract<KernelEvent, { type: 'task' }>['outcome'];

export class RunAndWait {
  /** run-and-wait loops by instance id: woken when a worker reports a task of the instance */
  private wakers = new Map<string, (outcome: TaskOutcome | 'timeout') => void>();

  constructor(private rest: CamundaRest, private commands: MonitorCommands, private variables: InstanceVariables) {}

  /** Starts an instance; with wait, polls until it ends, raises an incident, or the timeout passes. */
  async run(input: RunInput, onStarted?: (id: string) => void): Promise<RunResult> {
    const { id } = await this.commands.start(input);
    onStarted?.(id);
    const deadline = Date.now() + input.timeoutSeconds * 1000;
    let woken: TaskOutcome | 'timeout' = 'timeout';
    for (;;) {
      const next = this.wakeOrWait(id, 1000); // armed before the query: a task done meanwhile is not missed
      const h = await this.rest.get<HistoricInstance>(`/history/process-instance/${id}`);
      // a task reported done raises no incident: only a failure or the fallback look counts them
      const incidents = h.state === 'ACTIVE' && woken !== 'done' ? await this.rest.get<{ count: number }>(`/incident/count?processInstanceId=${id}`) : { count: 0 };
      const state = mapState(h, incidents.count > 0);
      if (!input.wait || state !== 'ACTIVE' || Date.now() >= deadline) {
        this.wakers.delete(id);
        return { id, state, variables: await this.variables.values(id) };
      }
      woken = await next;
    }
  }

  /** Resolves with the outcome of the instance's next reported task, or 'timeout' after `ms` (the fallback look). */
  private wakeOrWait(instanceId: string, ms: number): Promise<TaskOutcome | 'timeout'> {
    return new Promise((resolve) => {
      const done = (outcome: TaskOutcome | 'timeout') => { clearTimeout(timer); if (this.wakers.get(instanceId) === done) this.wakers.delete(instanceId); resolve(outcome); };
      const timer = setTimeout(() => done('timeout'), ms);
      this.wakers.set(instanceId, done);
    });
  }

  /** A worker finished (or failed) a task of this instance: a run waiting on it looks again now. */
  taskReported(instanceId: string | undefined, outcome: TaskOutcome) {
    if (instanceId) this.wakers.get(instanceId)?.(outcome);
  }
}
