/**
 * User tasks (a person's steps) on the engine's task API: the open ones, paged and filtered, with counts;
 * one with its form and variables; claim, unclaim, complete. Values are checked against the task's form
 * before anything is sent (common/task-forms.ts), so a refused completion leaves the task waiting. A task
 * that someone else completed or that was deleted answers 409/404 with what happened, read from history.
 */
import { ApiError, type CompleteTaskResult, type KernelEvent, type TaskCounts, type TaskList, type TasksQuery,
  type UserTaskDetail, type UserTaskSummary } from '../../../common/contract';
import { checkFormValues, type TaskForm, type TaskFormField } from '../../../common/task-forms';
import { readFormSchema } from '../../../common/form-schema';
import { fromTypedVariables, toTypedValue, type TypedValue } from '../../../common/variables';
import type { CamundaRest } from '../camunda-rest';
import { userTaskForms, type UserTaskForm } from './bpmn-forms';

interface EngineTask {
  id: string; name?: string | null; assignee?: string | null; created: string; due?: string | null; priority: number;
  description?: string | null; processDefinitionId: string; processInstanceId: string; taskDefinitionKey: string;
}
interface HistoricTask { id: string; name?: string | null; assignee?: string | null; endTime?: string | null; deleteReason?: string | null }

/** The engine's date format (yyyy-MM-dd'T'HH:mm:ss.SSSZ) for a date the user gave. */
const engineDate = (value: string) => new Date(value).toISOString().replace('Z', '+0000');

/** A field's value as the engine's typed value: a generated form's long is a Long, its date a Date. */
function typedFor(field: TaskFormField | undefined, value: unknown): TypedValue {
  if (field?.type === 'long') return { type: 'Long', value };
  if (field?.type === 'date') return { type: 'Date', value: engineDate(String(value)) };
  if (field?.type === 'enum') return { type: 'String', value };
  return toTypedValue(value);
}

export interface TaskServiceOptions {
  rest: CamundaRest;
  /** who "mine" is (tasks.assignee, else the remote engine's user, else the OS user) */
  user: () => string;
  publish: (event: KernelEvent) => void;
}

export class TaskService {
  private readonly rest: CamundaRest;
  /** per definition id (immutable once deployed): its key and name, and its user tasks' forms */
  private readonly definitions = new Map<string, Promise<{ key: string; name?: string; forms: Map<string, UserTaskForm> }>>();

  constructor(private readonly opts: TaskServiceOptions) { this.rest = opts.rest; }

  user() { return this.opts.user(); }

  private definition(id: string) {
    let known = this.definitions.get(id);
    if (!known) {
      known = (async () => {
        const [def, { bpmn20Xml }] = await Promise.all([
          this.rest.get<{ key: string; name?: string | null }>(`/process-definition/${encodeURIComponent(id)}`),
          this.rest.get<{ bpmn20Xml: string }>(`/process-definition/${encodeURIComponent(id)}/xml`),
        ]);
        return { key: def.key, name: def.name ?? undefined, forms: await userTaskForms(bpmn20Xml) };
      })();
      known.catch(() => this.definitions.delete(id)); // asked again next time
      this.definitions.set(id, known);
    }
    return known;
  }

  /** The engine query for a list filter (the body of POST /task and /task/count). */
  private filter(q: Pick<TasksQuery, 'processKey' | 'text'>, who?: 'mine' | 'unassigned' | 'all') {
    const body: Record<string, unknown> = {};
    if (q.processKey) body.processDefinitionKey = q.processKey;
    const text = q.text?.trim();
    if (text) body.orQueries = [{ nameLike: `%${text}%`, processInstanceBusinessKeyLike: `%${text}%` }];
    if (who === 'mine') body.assignee = this.user();
    if (who === 'unassigned') body.unassigned = true;
    return body;
  }

  private async summaries(tasks: EngineTask[]): Promise<UserTaskSummary[]> {
    if (!tasks.length) return [];
    const instanceIds = [...new Set(tasks.map((t) => t.processInstanceId))];
    const [instances, defs] = await Promise.all([
      this.rest.post<{ id: string; businessKey?: string | null }[]>(`/process-instance?maxResults=${instanceIds.length}`, { processInstanceIds: instanceIds }),
      Promise.all([...new Set(tasks.map((t) => t.processDefinitionId))].map(async (id) => [id, await this.definition(id)] as const)),
    ]);
    const businessKeys = new Map(instances.map((i) => [i.id, i.businessKey ?? undefined]));
    const definitions = new Map(defs);
    return tasks.map((t) => {
      const def = definitions.get(t.processDefinitionId);
      return {
        id: t.id, name: t.name || t.taskDefinitionKey, processKey: def?.key ?? t.processDefinitionId.split(':')[0], processName: def?.name,
        instanceId: t.processInstanceId, definitionId: t.processDefinitionId, businessKey: businessKeys.get(t.processInstanceId),
        assignee: t.assignee ?? undefined, created: t.created, due: t.due ?? undefined, priority: t.priority, elementId: t.taskDefinitionKey,
      };
    });
  }

  async list(q: TasksQuery): Promise<TaskList> {
    const count = (who: 'mine' | 'unassigned' | 'all') => this.rest.post<{ count: number }>('/task/count', this.filter(q, who)).then((r) => r.count);
    // the page's business keys are looked up while the counts still run
    const [items, mine, unassigned, all] = await Promise.all([
      this.rest.post<EngineTask[]>(`/task?firstResult=${q.firstResult}&maxResults=${q.maxResults}`,
        { ...this.filter(q, q.filter), sorting: [{ sortBy: 'created', sortOrder: 'desc' }, { sortBy: 'id', sortOrder: 'desc' }] })
        .then((tasks) => this.summaries(tasks)),
      count('mine'), count('unassigned'), count('all'),
    ]);
    const counts: TaskCounts = { mine, unassigned, all };
    return { items, total: counts[q.filter], counts, user: this.user() };
  }

  /** An open task, or the 404/409 that says what became of it. */
  private async open(id: string): Promise<EngineTask> {
    try {
      return await this.rest.get<EngineTask>(`/task/${encodeURIComponent(id)}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) throw await this.gone(id);
      throw err;
    }
  }

  /** Why a task is not open: completed (409, by whom and when), deleted with its instance (404), or never there (404). */
  private async gone(id: string): Promise<ApiError> {
    const [h] = await this.rest.get<HistoricTask[]>(`/history/task?taskId=${encodeURIComponent(id)}`).catch(() => [] as HistoricTask[]);
    if (!h) return new ApiError(`task ${id} does not exist`, 404);
    const what = `task "${h.name ?? id}"`;
    if (h.deleteReason === 'completed') {
      return new ApiError(`${what} was already completed${h.assignee ? ` by ${h.assignee}` : ''}${h.endTime ? ` at ${h.endTime}` : ''}: nothing was changed`, 409, { state: 'completed', assignee: h.assignee ?? undefined });
    }
    return new ApiError(`${what} no longer exists: it was deleted${h.deleteReason ? ` (${h.deleteReason})` : ''}${h.endTime ? ` at ${h.endTime}` : ''}, e.g. its instance was canceled`, 404, { state: 'deleted' });
  }

  /** The form a task shows: its Camunda Form (as deployed), its generated fields, or typed inputs for what the next steps read. */
  private async form(task: EngineTask): Promise<TaskForm> {
    const def = await this.definition(task.processDefinitionId);
    const el = def.forms.get(task.taskDefinitionKey);
    if (el?.formRef) {
      const text = await this.rest.request<unknown>('GET', `/task/${encodeURIComponent(task.id)}/deployed-form`);
      const read = readFormSchema(`${el.formRef.id}.form`, typeof text === 'string' ? text : JSON.stringify(text));
      if (read.problems.length) throw new ApiError(`the form of task "${task.name}" cannot be shown: ${read.problems.join('; ')}`, 422);
      return { kind: 'camunda-form', formRef: el.formRef.id, schema: read.schema, fields: read.fields };
    }
    if (el?.formData) return { kind: 'generated', fields: el.formData };
    const fields = el?.nextVariables ?? [];
    return { kind: 'none', fields, free: fields.length === 0 };
  }

  private async variables(id: string): Promise<Record<string, unknown>> {
    const vars = await this.rest.get<Record<string, { type: string; value: unknown }>>(`/task/${encodeURIComponent(id)}/variables?deserializeValues=false`);
    return fromTypedVariables(vars);
  }

  async get(id: string): Promise<UserTaskDetail> {
    const task = await this.open(id);
    const [[summary], form, variables] = await Promise.all([this.summaries([task]), this.form(task), this.variables(id)]);
    return { ...summary, description: task.description ?? undefined, form, variables };
  }

  async claim(id: string): Promise<UserTaskSummary> {
    const task = await this.open(id);
    const me = this.user();
    if (task.assignee && task.assignee !== me) throw new ApiError(`task "${task.name}" is already claimed by ${task.assignee}`, 409, { assignee: task.assignee });
    if (!task.assignee) {
      await this.rest.post(`/task/${encodeURIComponent(id)}/claim`, { userId: me }).catch(async (err) => {
        const now = await this.open(id);
        throw now.assignee && now.assignee !== me ? new ApiError(`task "${task.name}" was claimed by ${now.assignee} just before you`, 409, { assignee: now.assignee }) : err;
      });
    }
    return this.announced(id, me);
  }

  async unclaim(id: string): Promise<UserTaskSummary> {
    const task = await this.open(id);
    if (task.assignee) await this.rest.post(`/task/${encodeURIComponent(id)}/unclaim`);
    return this.announced(id, undefined);
  }

  private async announced(id: string, assignee: string | undefined): Promise<UserTaskSummary> {
    const [summary] = await this.summaries([await this.open(id)]);
    this.opts.publish({ type: 'user-task', state: 'assigned', id, name: summary.name, key: summary.processKey, instanceId: summary.instanceId, assignee, at: Date.now() });
    return summary;
  }

  /** Checks the values against the task's form, then completes it; the instance's next open task, if any, comes back. */
  async complete(id: string, values: Record<string, unknown>): Promise<CompleteTaskResult> {
    const task = await this.open(id);
    const me = this.user();
    if (task.assignee && task.assignee !== me) throw new ApiError(`task "${task.name}" is claimed by ${task.assignee}: only they can complete it (or unclaim it first)`, 409, { assignee: task.assignee });
    const [form, current] = await Promise.all([this.form(task), this.variables(id)]);
    const { values: checked, problems } = checkFormValues(form.fields, values, current);
    if (problems.length) {
      throw new ApiError(`task "${task.name}" was not completed: ${problems.map((p) => p.message).join('; ')}`, 400, { problems });
    }
    const byKey = new Map(form.fields.map((f) => [f.key, f]));
    const variables = Object.fromEntries(Object.entries(checked).map(([k, v]) => [k, typedFor(form.kind === 'generated' ? byKey.get(k) : undefined, v)]));
    const path = `/task/${encodeURIComponent(id)}/${form.kind === 'generated' ? 'submit-form' : 'complete'}`;
    try {
      if (!task.assignee) await this.rest.post(`/task/${encodeURIComponent(id)}/claim`, { userId: me }); // history says who did it
      await this.rest.post(path, { variables });
    } catch (err) {
      const still = await this.rest.get<EngineTask>(`/task/${encodeURIComponent(id)}`).catch(() => undefined);
      if (!still) throw await this.gone(id); // completed or deleted meanwhile
      if (still.assignee && still.assignee !== me) throw new ApiError(`task "${task.name}" was claimed by ${still.assignee} just before you: nothing was submitted`, 409, { assignee: still.assignee });
      const invalid = /Invalid value submitted for form field .*/.exec((err as Error).message)?.[0];
      if (invalid) throw new ApiError(`task "${task.name}" was not completed: ${invalid}`, 400); // the engine's own check of a generated form
      throw err;
    }
    const [summary] = await this.summaries([task]);
    this.opts.publish({ type: 'user-task', state: 'completed', id, name: summary.name, key: summary.processKey, instanceId: task.processInstanceId, assignee: task.assignee ?? me, at: Date.now() });
    const next = await this.rest.post<EngineTask[]>('/task?maxResults=1', { processInstanceId: task.processInstanceId, sorting: [{ sortBy: 'created', sortOrder: 'asc' }] });
    const open = next.filter((t) => !t.assignee || t.assignee === me);
    return { id, instanceId: task.processInstanceId, next: open.length ? (await this.summaries(open))[0] : undefined };
  }
}
