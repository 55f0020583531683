/**
 * The BPMN XML of deployed definitions, read with bpmn-moddle: fetched once per definition id (a
 * deployed definition never changes) and kept for the most recently used ones.
 */
import { BpmnModdle } from 'bpmn-moddle';
import type { CamundaRest } from '../camunda-rest';
import { taskSuccessors, type TaskSuccessors } from './task-successors';

interface FlowNode { $type: string; id?: string; name?: string; flowElements?: FlowNode[] }

/** The end events of a BPMN document, by id, each with its name (its id when it has none). */
export async function endEventNames(xml: string): Promise<Map<string, string>> {
  const { rootElement } = await new BpmnModdle().fromXML(xml, 'bpmn:Definitions');
  const names = new Map<string, string>();
  const visit = (node: FlowNode) => {
    if (node.$type === 'bpmn:EndEvent' && node.id) names.set(node.id, node.name ?? node.id);
    node.flowElements?.forEach(visit); // sub-processes hold their own end events
  };
  for (const root of (rootElement.rootElements ?? []) as FlowNode[]) if (root.$type === 'bpmn:Process') visit(root);
  return names;
}

/** How many definitions' XML is kept in memory. */
const KEPT = 100;

export class DefinitionDocuments {
  private readonly xmls = new Map<string, Promise<string>>();
  private readonly ends = new Map<string, Promise<Map<string, string>>>();
  private readonly successors = new Map<string, Promise<TaskSuccessors>>();

  constructor(private readonly rest: CamundaRest) {}

  /** The definition's BPMN XML as deployed. */
  xml(definitionId: string): Promise<string> {
    return this.remember(this.xmls, definitionId, async () =>
      (await this.rest.get<{ bpmn20Xml: string }>(`/process-definition/${encodeURIComponent(definitionId)}/xml`)).bpmn20Xml);
  }

  /** The definition's end events by id, with their names. */
  endEventNames(definitionId: string): Promise<Map<string, string>> {
    return this.remember(this.ends, definitionId, async () => endEventNames(await this.xml(definitionId)));
  }

  /** What completing each topic's tasks does to an instance of the definition (task-successors.ts). */
  taskSuccessors(definitionId: string): Promise<TaskSuccessors> {
    return this.remember(this.successors, definitionId, async () => taskSuccessors(await this.xml(definitionId)));
  }

  /** A kept answer (moved to the newest place), or a new one; a failed one is not kept. */
  private remember<T>(kept: Map<string, Promise<T>>, id: string, load: () => Promise<T>): Promise<T> {
    let value = kept.get(id);
    kept.delete(id);
    if (!value) {
      value = load();
      value.catch(() => { if (kept.get(id) === value) kept.delete(id); });
    }
    kept.set(id, value);
    if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
    return value;
  }
}
