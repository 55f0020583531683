/** What the monitor changes in the engine: start an instance, retry a failed step, cancel an instance. */
import { ApiError, type StartInput } from '../../../common/contract';
import { toTypedVariables } from '../../../common/variables';
import type { CamundaRest } from '../camunda-rest';
import type { RuntimeIncident } from './engine-rows';

const path = encodeURIComponent;

export class MonitorCommands {
  constructor(private rest: CamundaRest) {}

  async start(input: StartInput): Promise<{ id: string; definitionId: string; ended: boolean }> {
    const res = await this.rest.post<{ id: string; definitionId: string; ended: boolean }>(
      `/process-definition/key/${path(input.key)}/start`,
      { variables: toTypedVariables(input.variables), businessKey: input.businessKey });
    return { id: res.id, definitionId: res.definitionId, ended: res.ended };
  }

  /** Gives the failed external task or job one more try: the incident ends when it is fetched again. */
  async retryIncident(incidentId: string) {
    const incident = await this.rest.get<RuntimeIncident>(`/incident/${path(incidentId)}`);
    if (incident.incidentType === 'failedExternalTask') await this.rest.put(`/external-task/${incident.configuration}/retries`, { retries: 1 });
    else if (incident.incidentType === 'failedJob') await this.rest.put(`/job/${incident.configuration}/retries`, { retries: 1 });
    else throw new ApiError(`incidents of type ${incident.incidentType} cannot be retried from ProcOS`);
  }

  async cancel(instanceId: string) {
    await this.rest.delete(`/process-instance/${path(instanceId)}?skipCustomListeners=false`);
  }
}
