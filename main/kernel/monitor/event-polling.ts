/** What the kernel's event feed learns from the engine's history: instances that ended and incidents
 * raised or resolved since a moment. */
import type { InstanceSummary } from '../../../common/contract';
import type { CamundaRest } from '../camunda-rest';
import { engineDate, summary, type HistoricIncident, type HistoricInstance } from './engine-rows';

export interface IncidentChange {
  id: string; instanceId?: string; key?: string; activityId?: string; message?: string;
  state: 'raised' | 'resolved'; time: string;
}

export class HistoryPolling {
  constructor(private rest: CamundaRest) {}

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

  /** Instances that finished after `since`, oldest first. */
  async finishedSince(since: Date): Promise<InstanceSummary[]> {
    const items = await this.rest.post<HistoricInstance[]>('/history/process-instance?maxResults=200',
      { finishedAfter: engineDate(since), sorting: [{ sortBy: 'endTime', sortOrder: 'asc' }] });
    return items.map((h) => summary(h, false));
  }
}
