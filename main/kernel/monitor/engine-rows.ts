/** The rows the monitor reads from the engine (Camunda 7 REST), and how they become the contract's shapes. */
import { ApiError, type ActivityStep, type InstanceState, type InstanceSummary } from '../../../common/contract';

export interface HistoricInstance {
  id: string; processDefinitionId: string; processDefinitionKey: string; processDefinitionVersion?: number;
  businessKey?: string | null; state: string; startTime: string; endTime?: string | null;
}
export interface HistoricActivity {
  /** the activity instance id */
  id: string; activityId: string; activityName?: string | null; activityType: string; executionId: string;
  startTime: string; endTime?: string | null; canceled?: boolean;
}
export interface HistoricIncident {
  id: string; processInstanceId?: string | null; processDefinitionKey?: string | null; activityId?: string; incidentType: string;
  incidentMessage?: string | null; createTime: string; endTime?: string | null; open: boolean; deleted: boolean; resolved: boolean;
}
export interface RuntimeIncident { id: string; activityId?: string; incidentType: string; incidentMessage?: string; incidentTimestamp: string; configuration?: string }
export interface EndEvent { id: string; name?: string }

/** ProcOS's own processes: the monitor hides them unless asked. */
export const SYSTEM_PROCESS_KEYS = ['procos_system'];

/** Any date the user gives, in the engine's format (yyyy-MM-dd'T'HH:mm:ss.SSSZ). */
export function engineDate(value: string | Date | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new ApiError(`"${String(value)}" is not a date (use ISO 8601, e.g. 2026-11-26T09:00:00Z)`);
  return date.toISOString().replace('Z', '+0000');
}

export function mapState(h: HistoricInstance, hasIncident: boolean): InstanceState {
  if (h.state === 'ACTIVE' && hasIncident) return 'INCIDENT';
  if (h.state === 'EXTERNALLY_TERMINATED' || h.state === 'INTERNALLY_TERMINATED') return 'CANCELED';
  return h.state as InstanceState;
}

/** Whether the instance still runs (its variables may change). */
export const isRunning = (h: HistoricInstance) => h.state === 'ACTIVE' || h.state === 'SUSPENDED';

export function summary(h: HistoricInstance, hasIncident: boolean, end?: EndEvent): InstanceSummary {
  return {
    id: h.id, definitionId: h.processDefinitionId, definitionKey: h.processDefinitionKey,
    definitionVersion: h.processDefinitionVersion, businessKey: h.businessKey ?? undefined,
    state: mapState(h, hasIncident), startTime: h.startTime, endTime: h.endTime ?? undefined,
    endEventId: end?.id, endEventName: end?.name,
  };
}

export function step(a: HistoricActivity): ActivityStep {
  return {
    activityId: a.activityId, activityName: a.activityName ?? undefined, activityType: a.activityType,
    startTime: a.startTime, endTime: a.endTime ?? undefined, canceled: a.canceled || undefined,
  };
}
