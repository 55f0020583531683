/**
 * What the instance monitor reads: definitions with counts, instances (history API, so finished ones
 * too) paged and filtered, one instance in full, per-activity statistics of a definition.
 */
import type { ActivityStatistics, DefinitionSummary, IncidentInfo, InstanceDetail, InstanceSummary, InstancesQuery, PastIncident } from '../../../common/contract';
import type { CamundaRest } from '../camunda-rest';
import type { DefinitionDocuments } from './bpmn-xml';
import {
  engineDate, step, summary, SYSTEM_PROCESS_KEYS,
  type EndEvent, type HistoricActivity, type HistoricIncident, type HistoricInstance, type RuntimeIncident,
} from './engine-rows';
import type { InstanceVariables } from './variables';

/** A search value as the engine compares it: numbers and booleans exactly, text in part. */
export function variableFilter(name: string, value: string) {
  const v = value.trim();
  if (v === 'true' || v === 'false') return { name, operator: 'eq', value: v === 'true' };
  if (v !== '' && Number.isFinite(Number(v))) return { name, operator: 'eq', value: Number(v) };
  return { name, operator: 'like', value: `%${value}%` };
}

const path = encodeURIComponent;

type EndedReport = { processDefinitionKey: string; finishedProcessInstanceCount: number }[];
/** A report of ended instances slower than this is read beside the view, not in its way. */
const SLOW_REPORT_MS = 400;

export class MonitorQueries {
  /** the last report of ended instances per definition, and how long the engine took for it */
  private ended?: { rows: EndedReport; ms: number };
  private endedReading?: Promise<EndedReport>;

  constructor(private rest: CamundaRest, private documents: DefinitionDocuments, private variables: InstanceVariables) {}

  /**
   * Ended instances per definition, from the engine's history report. The report reads every finished
   * instance (0.7 s at 100 000 of them on our 2-core machine): once it is that slow, the view answers
   * with the last report's counts while the next is read, so they are at most one report behind.
   * Small histories (most desktops) are read in the view's own call, exact.
   */
  private endedCounts(): Promise<EndedReport> {
    const read = () => {
      const started = performance.now();
      this.endedReading ??= this.rest.get<EndedReport>('/history/process-definition/cleanable-process-instance-report')
        .then((rows) => { this.ended = { rows, ms: performance.now() - started }; return rows; })
        .finally(() => { this.endedReading = undefined; });
      return this.endedReading;
    };
    if (this.ended && this.ended.ms > SLOW_REPORT_MS) {
      read().catch(() => undefined); // the next view gets it
      return Promise.resolve(this.ended.rows);
    }
    return read();
  }

  /** Where each completed instance of a page ended: one engine query per end event of the
   * definitions on the page (none when a definition has a single end event), not one per row. */
  private async endEventsOf(items: HistoricInstance[]): Promise<Map<string, EndEvent>> {
    const ended = new Map<string, EndEvent>();
    const byDefinition = new Map<string, HistoricInstance[]>();
    for (const h of items) if (h.state === 'COMPLETED') byDefinition.set(h.processDefinitionId, [...(byDefinition.get(h.processDefinitionId) ?? []), h]);
    await Promise.all([...byDefinition].map(async ([definitionId, instances]) => {
      const names = await this.documents.endEventNames(definitionId).catch(() => new Map<string, string>());
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
   * from the history report (`completed` counts every ended instance, canceled ones included; see
   * endedCounts). */
  async definitions(): Promise<DefinitionSummary[]> {
    const [defs, stats, ended] = await Promise.all([
      this.rest.get<{ id: string; key: string; name?: string; version: number; deploymentId: string }[]>(
        '/process-definition?latestVersion=true&sortBy=key&sortOrder=asc'),
      this.rest.get<{ definition: { key: string }; instances: number; incidents: { incidentCount: number }[] }[]>(
        '/process-definition/statistics?incidents=true'),
      this.endedCounts(),
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
    const h = await this.rest.get<HistoricInstance>(`/history/process-instance/${path(id)}`);
    // the engine's order: by start time, then by occurrence (a start event before the task it leads to)
    const steps = this.rest.post<HistoricActivity[]>('/history/activity-instance',
      { processInstanceId: id, sorting: [{ sortBy: 'startTime', sortOrder: 'asc' }, { sortBy: 'occurrence', sortOrder: 'asc' }] });
    const [acts, variables, incidents, incidentHistory, xml] = await Promise.all([
      steps, this.variables.list(h, steps), this.incidents(id), this.incidentHistory(id), this.documents.xml(h.processDefinitionId),
    ]);
    const activities = acts.map(step);
    return {
      ...summary(h, incidents.length > 0, h.state === 'COMPLETED' ? await this.lastEndEvent(acts, h.processDefinitionId) : undefined),
      variables, activities, incidents, incidentHistory, bpmnXml: xml,
      activeActivityIds: activities.filter((a) => !a.endTime).map((a) => a.activityId),
    };
  }

  /** The end event a finished run reached last (by its steps). */
  private async lastEndEvent(acts: HistoricActivity[], definitionId: string): Promise<EndEvent | undefined> {
    const end = acts.filter((a) => /EndEvent$/.test(a.activityType) && a.endTime).at(-1);
    if (!end) return undefined;
    const name = end.activityName ?? (await this.documents.endEventNames(definitionId).catch(() => undefined))?.get(end.activityId);
    return { id: end.activityId, name };
  }

  private async incidents(instanceId: string): Promise<IncidentInfo[]> {
    const open = await this.rest.get<RuntimeIncident[]>(`/incident?processInstanceId=${path(instanceId)}`);
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
    const rows = await this.rest.get<HistoricIncident[]>(`/history/incident?processInstanceId=${path(instanceId)}&sortBy=createTime&sortOrder=asc`);
    return rows.map((i) => ({
      id: i.id, activityId: i.activityId, type: i.incidentType, message: i.incidentMessage ?? undefined,
      time: i.createTime, endTime: i.endTime ?? undefined, state: i.open ? 'open' : i.deleted ? 'deleted' : 'resolved',
    }));
  }

  /** Per activity of one definition: tokens there now, runs through it, open incidents (one engine call). */
  async activityStatistics(definitionId: string): Promise<ActivityStatistics[]> {
    const rows = await this.rest.get<{ id: string; instances: number; finished?: number; canceled?: number; openIncidents?: number }[]>(
      `/history/process-definition/${path(definitionId)}/statistics?finished=true&canceled=true&incidents=true`);
    return rows.map((r) => ({ activityId: r.id, active: r.instances, finished: r.finished ?? 0, canceled: r.canceled ?? 0, incidents: r.openIncidents ?? 0 }));
  }
}
