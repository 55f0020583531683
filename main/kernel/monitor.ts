/**
 * What the instance monitor and `procos run` see: definitions with counts, instances (history API,
 * so finished ones too), one instance in full, start/run-and-wait, incident retry, cancel.
 */
import { ApiError, type ActivityStatistics, type ActivityStep, type DefinitionSummary, type IncidentInfo, type InstanceDetail,
  type InstanceState, type InstanceSummary, type InstancesQuery, type KernelEvent, type PastIncident, type RunInput, type RunResult, type StartInput } from '../../common/contract';
import type { CamundaRest } from './camunda-rest';
import { fromTypedVariables, toTypedVariables } from '../../common/variables';

type TaskOutcome = Extract<KernelEvent, { type: 'task' }>['outcome'];

interface HistoricInstance {
  id: string; processDefinitionId: string; processDefinitionKey: string; processDefinitionVersion?: number;
  businessKey?: string | null; state: string; startTime: string; endTime?: string | null;
}
interface EndEvent { id: string; name?: string }
interface HistoricIncident {
  id: string; processInstanceId?: string | null; processDefinitionKey?: string | null; activityId?: string; incidentType: string; incidentMessage?: string | null; createTime: string; endTime?: string | null;
  open: boolean; deleted: boolean; resolved: boolean;
}

/** ProcOS's own processes: the monitor hides them unless asked. */
export const SYSTEM_PROCESS_KEYS = ['procos_system'];
interface Incident { id: string; activityId?: string; incidentType: string; incidentMessage?: string; incidentTimestamp: string; configuration?: string }

/** Any date the user gives, in the engine's format (yyyy-MM-dd'T'HH:mm:ss.SSSZ). */
export function engineDate(value: string | Date | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new ApiError(`"${String(value)}" is not a date (use ISO 8601, e.g. 2026-11-26T09:00:00Z)`);
  return date.toISOString().replace('Z', '+0000');
}

function mapState(h: HistoricInstance, hasIncident: boolean): InstanceState {
  if (h.state === 'ACTIVE' && hasIncident) return 'INCIDENT';
  if (h.state === 'EXTERNALLY_TERMINATED' || h.state === 'INTERNALLY_TERMINATED') return 'CANCELED';
  return h.state as InstanceState;
}

function summary(h: HistoricInstance, hasIncident: boolean, end?: EndEvent): InstanceSummary {
  return {
    id: h.id, definitionId: h.processDefinitionId, definitionKey: h.processDefinitionKey,
    definitionVersion: h.processDefinitionVersion, businessKey: h.businessKey ?? undefined,
    state: mapState(h, hasIncident), startTime: h.startTime, endTime: h.endTime ?? undefined,
    endEventId: end?.id, endEventName: end?.name,
  };
}

/** A search value as the engine compares it: numbers and booleans exactly, text in part. */
export function variableFilter(name: string, value: string) {
  const v = value.trim();
  if (v === 'true' || v === 'false') return { name, operator: 'eq', value: v === 'true' };
  if (v !== '' && Number.isFinite(Number(v))) return { name, operator: 'eq', value: Number(v) };
  return { name, operator: 'like', value: `%${value}%` };
}

/** The names of a BPMN file's end events, by id (read from the XML's attributes). */
export function endEventNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const [, attrs] of xml.matchAll(/<(?:[\w-]+:)?endEvent\b([^>]*)>/g)) {
    const id = /\bid="([^"]*)"/.exec(attrs)?.[1];
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
    if (id) names.set(id, (name ?? id).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  }
  return names;
}

/** The end event a finished run reached last (by its steps). */
function lastEndEvent(activities: ActivityStep[], xml: string): EndEvent | undefined {
  const end = activities.filter((a) => /EndEvent$/.test(a.activityType) && a.endTime).at(-1);
  return end && { id: end.activityId, name: end.activityName ?? endEventNames(xml).get(end.activityId) };
}

export class Monitor {
  /** definition id → end event names (a deployed definition never changes) */
  private endNames = new Map<string, Map<string, string>>();

  constructor(private rest: CamundaRest) {}

  private async endEventNames(definitionId: string): Promise<Map<string, string>> {
    let names = this.endNames.get(definitionId);
    if (!names) {
      names = endEventNames(await this.definitionXml(definitionId));
      this.endNames.set(definitionId, names);
    }
    return names;
  }

  /** Where each completed instance of a page ended: one engine query per end event of the
   * definitions on the page (none when a definition has a single end event), not one per row. */
  private async endEventsOf(items: HistoricInstance[]): Promise<Map<string, EndEvent>> {
    const ended = new Map<string, EndEvent>();
    const byDefinition = new Map<string, HistoricInstance[]>();
    for (const h of items) if (h.state === 'COMPLETED') byDefinition.set(h.processDefinitionId, [...(byDefinition.get(h.processDefinitionId) ?? []), h]);
    await Promise.all([...byDefinition].map(async ([definitionId, instances]) => {
      const names = await this.endEventNames(definitionId).catch(() => new Map<string, string>());
      if (names.size === 1) {
        const [[id, name]] = names;
        for (const h of instances) ended.set(h.id, { id, name });
        return;
      }
      await Promise.all([...names].map(async ([id, name]) => {
        const reached = await this.rest.post<HistoricInstance[]>('/history/process-instance',
          { processInstanceIds: instances.map((h) => h.id), executedActivityIdIn: [id] });
        for (const h of reached) ended.set(h.id, { id, name });
      }));
    }));
    return ended;
  }

  /** Newest version per key with counts over all its versions, in three engine calls however many
   * definitions there are: running and open incidents from the runtime statistics, ended instances
   * from the history report (`completed` counts every ended instance, canceled ones included). */
  async definitions(): Promise<DefinitionSummary[]> {
    const [defs, stats, ended] = await Promise.all([
      this.rest.get<{ id: string; key: string; name?: string; version: number; deploymentId: string }[]>(
        '/process-definition?latestVersion=true&sortBy=key&sortOrder=asc'),
      this.rest.get<{ definition: { key: string }; instances: number; incidents: { incidentCount: number }[] }[]>(
        '/process-definition/statistics?incidents=true'),
      this.rest.get<{ processDefinitionKey: string; finishedProcessInstanceCount: number }[]>(
        '/history/process-definition/cleanable-process-instance-report'),
    ]);
    const sumBy = <T>(rows: T[], key: (r: T) => string, value: (r: T) => number) => {
      const sums = new Map<string, number>();
      for (const r of rows) sums.set(key(r), (sums.get(key(r)) ?? 0) + value(r));
      return sums;
    };
    const running = sumBy(stats, (s) => s.definition.key, (s) => s.instances);
    const incidents = sumBy(stats, (s) => s.definition.key, (s) => s.incidents.reduce((m, i) => m + i.incidentCount, 0));
    const completed = sumBy(ended, (r) => r.processDefinitionKey, (r) => r.finishedProcessInstanceCount);
    return defs.map((d) => ({
      id: d.id, key: d.key, name: d.name ?? undefined, version: d.version, deploymentId: d.deploymentId,
      completed: completed.get(d.key) ?? 0,
      system: SYSTEM_PROCESS_KEYS.includes(d.key) || undefined,
      running: running.get(d.key) ?? 0,
      incidents: incidents.get(d.key) ?? 0,
    }));
  }

  /** Every deployed process key but ProcOS's own. */
  private async userProcessKeys(): Promise<string[]> {
    const defs = await this.rest.get<{ key: string }[]>('/process-definition?latestVersion=true');
    return defs.map((d) => d.key).filter((k) => !SYSTEM_PROCESS_KEYS.includes(k));
  }

  async definitionXml(id: string): Promise<string> {
    return (await this.rest.get<{ bpmn20Xml: string }>(`/process-definition/${encodeURIComponent(id)}/xml`)).bpmn20Xml;
  }

  async instances(q: InstancesQuery): Promise<{ items: InstanceSummary[]; total: number }> {
    const filter: Record<string, unknown> = {
      processDefinitionKey: q.definitionKey, startedAfter: engineDate(q.startedAfter), startedBefore: engineDate(q.startedBefore),
    };
    if (q.state === 'ACTIVE') filter.active = true;
    if (q.state === 'COMPLETED') filter.completed = true;
    if (q.state === 'INCIDENT') filter.withIncidents = true;
    if (q.state === 'CANCELED') filter.externallyTerminated = true;
    if (q.businessKey?.trim()) filter.processInstanceBusinessKeyLike = `%${q.businessKey.trim()}%`;
    if (q.variableName?.trim()) filter.variables = [variableFilter(q.variableName.trim(), q.variableValue ?? '')];
    if (!q.includeSystem && !q.definitionKey) {
      // the user's keys listed: on H2 a NOT IN turns the newest-first page (and the count) into a scan of
      // every instance, ~10× slower at 10 000 instances (npm run bench -- monitor)
      const keys = await this.userProcessKeys();
      if (keys.length) filter.processDefinitionKeyIn = keys;
      else filter.processDefinitionKeyNotIn = SYSTEM_PROCESS_KEYS;
    }
    const body = { ...filter, sorting: [{ sortBy: 'startTime', sortOrder: 'desc' }] };
    const [items, { count }] = await Promise.all([
      this.rest.post<HistoricInstance[]>(`/history/process-instance?firstResult=${q.firstResult}&maxResults=${q.maxResults}`, body),
      this.rest.post<{ count: number }>('/history/process-instance/count', filter),
    ]);
    const withIncident = new Set(items.length && q.state !== 'INCIDENT'
      ? (await this.rest.post<HistoricInstance[]>('/history/process-instance', { processInstanceIds: items.map((i) => i.id), withIncidents: true })).map((i) => i.id)
      : items.map((i) => i.id));
    const ends = await this.endEventsOf(items);
    return { items: items.map((h) => summary(h, withIncident.has(h.id), ends.get(h.id))), total: count };
  }

  async instance(id: string): Promise<InstanceDetail> {
    const h = await this.rest.get<HistoricInstance>(`/history/process-instance/${encodeURIComponent(id)}`);
    const [vars, acts, incidents, incidentHistory, xml] = await Promise.all([
      this.variables(id),
      // the engine's order: by start time, then by occurrence (a start event before the task it leads to)
      this.rest.post<{ activityId: string; activityName?: string; activityType: string; startTime: string; endTime?: string; canceled?: boolean }[]>(
        '/history/activity-instance', { processInstanceId: id, sorting: [{ sortBy: 'startTime', sortOrder: 'asc' }, { sortBy: 'occurrence', sortOrder: 'asc' }] }),
      this.incidents(id),
      this.incidentHistory(id),
      this.definitionXml(h.processDefinitionId),
    ]);
    const activities: ActivityStep[] = acts.map((a) => ({
      activityId: a.activityId, activityName: a.activityName ?? undefined, activityType: a.activityType,
      startTime: a.startTime, endTime: a.endTime ?? undefined, canceled: a.canceled || undefined,
    }));
    return {
      ...summary(h, incidents.length > 0, h.state === 'COMPLETED' ? lastEndEvent(activities, xml) : undefined), variables: vars, activities, incidents, incidentHistory, bpmnXml: xml,
      activeActivityIds: activities.filter((a) => !a.endTime).map((a) => a.activityId),
    };
  }

  private async variables(instanceId: string) {
    const rows = await this.rest.get<{ name: string; value: unknown; type: string }[]>(
      `/history/variable-instance?processInstanceId=${instanceId}&deserializeValues=false`);
    return fromTypedVariables(Object.fromEntries(rows.map((r) => [r.name, r])));
  }

  private async incidents(instanceId: string): Promise<IncidentInfo[]> {
    const open = await this.rest.get<Incident[]>(`/incident?processInstanceId=${instanceId}`);
    return Promise.all(open.map(async (i) => {
      let details: string | undefined;
      if (i.incidentType === 'failedExternalTask' && i.configuration) {
        details = await this.rest.get<string>(`/external-task/${i.configuration}/errorDetails`).catch(() => undefined);
      } else if (i.incidentType === 'failedJob' && i.configuration) {
        details = await this.rest.get<string>(`/job/${i.configuration}/stacktrace`).catch(() => undefined);
      }
      return { id: i.id, activityId: i.activityId, type: i.incidentType, message: i.incidentMessage ?? undefined, details, time: i.incidentTimestamp };
    }));
  }

  private async incidentHistory(instanceId: string): Promise<PastIncident[]> {
    const rows = await this.rest.get<HistoricIncident[]>(`/history/incident?processInstanceId=${encodeURIComponent(instanceId)}&sortBy=createTime&sortOrder=asc`);
    return rows.map((i) => ({
      id: i.id, activityId: i.activityId, type: i.incidentType, message: i.incidentMessage ?? undefined,
      time: i.createTime, endTime: i.endTime ?? undefined, state: i.open ? 'open' : i.deleted ? 'deleted' : 'resolved',
    }));
  }

  /** Sets (a value) and deletes (null) variables of a running instance, in one engine call. */
  async setVariables(instanceId: string, variables: Record<string, unknown>) {
    const deletions = Object.keys(variables).filter((name) => variables[name] === null);
    const modifications = toTypedVariables(Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== null)));
    const h = await this.rest.get<HistoricInstance>(`/history/process-instance/${encodeURIComponent(instanceId)}`);
    if (h.state !== 'ACTIVE' && h.state !== 'SUSPENDED') throw new ApiError(`instance ${instanceId} has ended (${h.state.toLowerCase()}): its variables can no longer change`, 409);
    await this.rest.post(`/process-instance/${encodeURIComponent(instanceId)}/variables`, { modifications, deletions });
  }

  /** Per activity of one definition: tokens there now, runs through it, open incidents (one engine call). */
  async activityStatistics(definitionId: string): Promise<ActivityStatistics[]> {
    const rows = await this.rest.get<{ id: string; instances: number; finished?: number; canceled?: number; openIncidents?: number }[]>(
      `/history/process-definition/${encodeURIComponent(definitionId)}/statistics?finished=true&canceled=true&incidents=true`);
    return rows.map((r) => ({ activityId: r.id, active: r.instances, finished: r.finished ?? 0, canceled: r.canceled ?? 0, incidents: r.openIncidents ?? 0 }));
  }

  async start(input: StartInput): Promise<{ id: string; ended: boolean }> {
    const res = await this.rest.post<{ id: string; ended: boolean }>(
      `/process-definition/key/${encodeURIComponent(input.key)}/start`,
      { variables: toTypedVariables(input.variables), businessKey: input.businessKey });
    return { id: res.id, ended: res.ended };
  }

  /** Starts an instance; with wait, polls until it ends, raises an incident, or the timeout passes;
   * a caller that went away (`signal`) ends the wait. */
  async run(input: RunInput, onStarted?: (id: string) => void, signal?: AbortSignal): Promise<RunResult> {
    const { id } = await this.start(input);
    onStarted?.(id);
    const deadline = Date.now() + input.timeoutSeconds * 1000;
    let woken: TaskOutcome | 'timeout' = 'timeout';
    signal?.addEventListener('abort', () => this.wakers.get(id)?.('timeout'), { once: true });
    for (;;) {
      if (signal?.aborted) { this.wakers.delete(id); throw new ApiError(`the caller went away: stopped waiting for instance ${id} (it runs on)`, 499); }
      const next = this.wakeOrWait(id, 1000); // armed before the query: a task done meanwhile is not missed
      const h = await this.rest.get<HistoricInstance>(`/history/process-instance/${id}`);
      // a task reported done raises no incident: only a failure or the fallback look counts them
      const incidents = h.state === 'ACTIVE' && woken !== 'done' ? await this.rest.get<{ count: number }>(`/incident/count?processInstanceId=${id}`) : { count: 0 };
      const state = mapState(h, incidents.count > 0);
      if (!input.wait || state !== 'ACTIVE' || Date.now() >= deadline) {
        this.wakers.delete(id);
        return { id, state, variables: await this.variables(id) };
      }
      woken = await next;
    }
  }

  /** run-and-wait loops by instance id: woken when a worker reports a task of the instance */
  private wakers = new Map<string, (outcome: TaskOutcome | 'timeout') => void>();

  /** Resolves with the outcome of the instance's next reported task, or 'timeout' after `ms` (the fallback
   * look, for what no worker reports: user tasks, timers, jobs). */
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

  async retryIncident(incidentId: string) {
    const incident = await this.rest.get<Incident>(`/incident/${encodeURIComponent(incidentId)}`);
    if (incident.incidentType === 'failedExternalTask') await this.rest.put(`/external-task/${incident.configuration}/retries`, { retries: 1 });
    else if (incident.incidentType === 'failedJob') await this.rest.put(`/job/${incident.configuration}/retries`, { retries: 1 });
    else throw new ApiError(`incidents of type ${incident.incidentType} cannot be retried from ProcOS`);
  }

  async cancel(instanceId: string) {
    await this.rest.delete(`/process-instance/${encodeURIComponent(instanceId)}?skipCustomListeners=false`);
  }

  /** Instances that finished after `since` (for the event stream). */
  /** Incidents raised (created) or resolved (ended) after `since`, oldest first. */
  async incidentsSince(since: Date): Promise<IncidentChange[]> {
    const query = (field: 'createTimeAfter' | 'endTimeAfter', sortBy: 'createTime' | 'endTime') =>
      this.rest.get<HistoricIncident[]>(`/history/incident?${field}=${encodeURIComponent(engineDate(since)!)}&sortBy=${sortBy}&sortOrder=asc&maxResults=200`);
    const [raised, ended] = await Promise.all([query('createTimeAfter', 'createTime'), query('endTimeAfter', 'endTime')]);
    const change = (i: HistoricIncident, state: IncidentChange['state'], time: string): IncidentChange => ({
      id: i.id, instanceId: i.processInstanceId ?? undefined, key: i.processDefinitionKey ?? undefined,
      activityId: i.activityId ?? undefined, message: i.incidentMessage ?? undefined, state, time,
    });
    return [
      ...raised.map((i) => change(i, 'raised', i.createTime)),
      ...ended.filter((i) => i.resolved).map((i) => change(i, 'resolved', i.endTime!)),
    ].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  }

  async finishedSince(since: Date): Promise<InstanceSummary[]> {
    const items = await this.rest.post<HistoricInstance[]>('/history/process-instance?maxResults=200',
      { finishedAfter: engineDate(since), sorting: [{ sortBy: 'endTime', sortOrder: 'asc' }] });
    return items.map((h) => summary(h, false));
  }
}


export interface IncidentChange {
  id: string; instanceId?: string; key?: string; activityId?: string; message?: string;
  state: 'raised' | 'resolved'; time: string;
}
