/**
 * Which Camunda Forms the engine has (their ids): Camunda 7's REST API lists no form definitions, so
 * the `.form` resources of its deployments are read, each deployment once (a deployment never changes).
 * Asked only when a diagram refers to a form that is not deployed along with it.
 */
import type { CamundaRest } from '../camunda-rest';

export class DeployedForms {
  /** deployment id → the ids of its forms */
  private readonly scanned = new Map<string, string[]>();

  constructor(private readonly rest: CamundaRest) {}

  async ids(): Promise<Set<string>> {
    const deployments = await this.rest.get<{ id: string }[]>('/deployment?sortBy=deploymentTime&sortOrder=desc');
    const fresh = deployments.filter((d) => !this.scanned.has(d.id));
    for (let i = 0; i < fresh.length; i += 8) { // a few at a time: the engine serves the UI meanwhile
      await Promise.all(fresh.slice(i, i + 8).map(async (d) => this.scanned.set(d.id, await this.formsOf(d.id))));
    }
    return new Set(deployments.flatMap((d) => this.scanned.get(d.id) ?? [])); // deleted deployments are left out
  }

  private async formsOf(deploymentId: string): Promise<string[]> {
    const base = `/deployment/${encodeURIComponent(deploymentId)}/resources`;
    const resources = await this.rest.get<{ id: string; name: string }[]>(base);
    const forms = await Promise.all(resources.filter((r) => r.name.endsWith('.form')).map(async (r) => {
      const form = await this.rest.get<{ id?: unknown }>(`${base}/${encodeURIComponent(r.id)}/data`).catch(() => undefined);
      return typeof form?.id === 'string' ? form.id : undefined;
    }));
    return forms.filter((id): id is string => !!id);
  }
}
