/**
 * An instance's variables by scope, as Cockpit shows and edits them: the process instance's own and each
 * activity instance's (a task's input parameters are local to it). A running instance shows what it
 * holds now; a finished one what it held (history). Writes go into the scope they name.
 */
import { ApiError, type InstanceVariable, type SetVariablesInput } from '../../../common/contract';
import { fromTypedValue, toTypedVariables } from '../../../common/variables';
import type { CamundaRest } from '../camunda-rest';
import { isRunning, type HistoricActivity, type HistoricInstance } from './engine-rows';

interface VariableRow { name: string; type: string; value: unknown; activityInstanceId?: string | null; executionId?: string | null }

const path = encodeURIComponent;

/** The engine keeps these types' serialized values in a row of their own: an instance that ends between the engine's
 * read of its variables and of that row leaves the variable with no value (measured: 1 read in 150 of an instance
 * ending as it was read). A null variable has the type Null; Bytes and File are left out (this answer may carry no value for them anyway). */
const VALUE_KEPT_APART = new Set(['Json', 'Xml', 'Object']);
const lostValue = (v: VariableRow) => v.value === null && VALUE_KEPT_APART.has(v.type);

export class InstanceVariables {
  constructor(private readonly rest: CamundaRest) {}

  /** Every variable of the instance with its scope: the process instance's first, then each activity's as they started. */
  async list(h: HistoricInstance, steps: Promise<HistoricActivity[]>): Promise<InstanceVariable[]> {
    const [rows, activities] = await Promise.all([
      isRunning(h) ? this.current(h.id) : this.history(h.id),
      steps,
    ]);
    const order = new Map(activities.map((a, i) => [a.id, i]));
    const activityOf = new Map(activities.map((a) => [a.id, a.activityId]));
    const rank = (v: VariableRow) => (!v.activityInstanceId || v.activityInstanceId === h.id ? -1 : order.get(v.activityInstanceId) ?? activities.length);
    return rows
      .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
      .map((v) => {
        const scoped = v.activityInstanceId && v.activityInstanceId !== h.id ? v.activityInstanceId : undefined;
        return {
          name: v.name, type: v.type, value: fromTypedValue(v),
          ...(scoped ? { activityInstanceId: scoped, activityId: activityOf.get(scoped) ?? scoped.split(':')[0] } : {}),
        };
      });
  }

  /** Plain values by name, as `procos run --wait` prints them: every scope's, the process instance's winning. */
  async values(instanceId: string): Promise<Record<string, unknown>> {
    const rows = await this.history(instanceId);
    const own = (v: VariableRow) => !v.activityInstanceId || v.activityInstanceId === instanceId;
    return Object.fromEntries([...rows.filter((v) => !own(v)), ...rows.filter(own)].map((v) => [v.name, fromTypedValue(v)]));
  }

  /** What a running instance holds now — or, when it ended meanwhile (the runtime then has none of its
   * variables, or no such instance, or a row whose value, kept apart, went with it), what it held. */
  private async current(instanceId: string): Promise<VariableRow[]> {
    const rows = await this.rest.get<VariableRow[]>(`/variable-instance?processInstanceIdIn=${path(instanceId)}&deserializeValues=false`)
      .catch(() => [] as VariableRow[]);
    return rows.length && !rows.some(lostValue) ? rows : this.history(instanceId);
  }

  private history(instanceId: string) {
    return this.rest.get<VariableRow[]>(`/history/variable-instance?processInstanceId=${path(instanceId)}&deserializeValues=false`);
  }

  /** Sets (a value) and deletes (null) variables of a running instance in one scope, in one engine call. */
  async set({ id, variables, activityInstanceId }: SetVariablesInput): Promise<void> {
    const deletions = Object.keys(variables).filter((name) => variables[name] === null);
    const modifications = toTypedVariables(Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== null)));
    const h = await this.rest.get<HistoricInstance>(`/history/process-instance/${path(id)}`);
    if (!isRunning(h)) throw new ApiError(`instance ${id} has ended (${h.state.toLowerCase()}): its variables can no longer change`, 409);
    if (!activityInstanceId || activityInstanceId === id) {
      await this.rest.post(`/process-instance/${path(id)}/variables`, { modifications, deletions });
      return;
    }
    const [scope] = await this.rest.get<HistoricActivity[]>(`/history/activity-instance?processInstanceId=${path(id)}&activityInstanceId=${path(activityInstanceId)}`);
    if (!scope) throw new ApiError(`instance ${id} has no activity instance ${activityInstanceId}`, 404);
    if (scope.endTime) throw new ApiError(`${scope.activityName ?? scope.activityId} has ended: the variables of that step can no longer change (set them on the process instance instead)`, 409);
    await this.rest.post(`/execution/${path(scope.executionId)}/localVariables`, { modifications, deletions });
  }
}
