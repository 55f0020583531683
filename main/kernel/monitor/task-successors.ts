/**
 * What the completion of an external task does to its instance, read from the deployed BPMN with
 * bpmn-moddle, by topic (what a worker reports):
 * - `continuing`: every task of the topic leads, by each of its outgoing flows, straight to a step that
 *   waits (another external task, a user task, a receive task, a catch event, an event-based gateway, a
 *   step that starts asynchronously): the instance cannot have ended when such a task was completed.
 * - `ending`: every task of the topic sits at the process's top level and leads only to plain end events,
 *   in a process where one token runs at a time (no forks, no non-interrupting events, no event
 *   sub-processes, no multi-instance): its completion completes the instance in the same transaction,
 *   so once the worker reports it, the instance has COMPLETED and its variables are final.
 * `run --wait` asks the engine nothing after a continuing task, and only the variables after an ending one.
 */
import { BpmnModdle } from 'bpmn-moddle';

interface Node {
  $type: string; id?: string; $attrs?: Record<string, string>;
  flowElements?: Node[]; sourceRef?: Node; targetRef?: Node;
  eventDefinitions?: Node[]; loopCharacteristics?: Node; cancelActivity?: boolean; triggeredByEvent?: boolean;
}

/** Each node's outgoing flows' targets, from the sequence flows (a node's own <outgoing> list is optional in BPMN). */
function successorsOf(elements: Node[], into = new Map<Node, (Node | undefined)[]>()) {
  for (const node of elements) {
    if (node.$type === 'bpmn:SequenceFlow' && node.sourceRef) into.set(node.sourceRef, [...(into.get(node.sourceRef) ?? []), node.targetRef]);
    if (node.flowElements) successorsOf(node.flowElements, into);
  }
  return into;
}

export interface TaskSuccessors { continuing: Set<string>; ending: Set<string> }

const WAITING_TYPES = new Set(['bpmn:UserTask', 'bpmn:ReceiveTask', 'bpmn:IntermediateCatchEvent', 'bpmn:EventBasedGateway']);
const EXTERNAL_CAPABLE = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']);
/** gateways that send a token down one of their flows, not several */
const CHOOSING_GATEWAYS = new Set(['bpmn:ExclusiveGateway', 'bpmn:EventBasedGateway']);

const isAsync = (node: Node) => node.$attrs?.['camunda:asyncBefore'] === 'true';

/** An external task's topic (as written: an expression stays one and matches no reported topic). */
function externalTopic(node: Node): { topic: string; event: boolean } | undefined {
  const own = node.$attrs ?? {};
  if (EXTERNAL_CAPABLE.has(node.$type) && own['camunda:type'] === 'external' && own['camunda:topic']) return { topic: own['camunda:topic'], event: false };
  // a message throw or end event can be an external task too (on its event definition)
  const message = node.eventDefinitions?.find((d) => d.$type === 'bpmn:MessageEventDefinition');
  const topic = message?.$attrs?.['camunda:type'] === 'external' ? message.$attrs['camunda:topic'] : undefined;
  return topic ? { topic, event: true } : undefined;
}

/** Whether a token arriving at the node stops there (the instance goes on existing). */
function waits(node: Node | undefined): boolean {
  if (!node) return false;
  return isAsync(node) || WAITING_TYPES.has(node.$type) || (EXTERNAL_CAPABLE.has(node.$type) && node.$attrs?.['camunda:type'] === 'external');
}

/** Whether a token arriving at the node (at the process's top level) completes the instance there and then: a plain
 * end event (a terminate end event ends it too, but the engine may record that as terminated, not completed). */
function endsInstance(node: Node | undefined): boolean {
  return !!node && node.$type === 'bpmn:EndEvent' && !isAsync(node) && !node.eventDefinitions?.length;
}

/** Whether more than one token can run at once somewhere among the elements. */
function forks(elements: Node[], successors: Map<Node, unknown[]>): boolean {
  return elements.some((node) =>
    ((successors.get(node)?.length ?? 0) > 1 && !CHOOSING_GATEWAYS.has(node.$type))
    || node.loopCharacteristics !== undefined
    || (node.$type === 'bpmn:BoundaryEvent' && node.cancelActivity === false)
    || node.eventDefinitions?.some((d) => d.$type === 'bpmn:CompensateEventDefinition')
    || (node.$type === 'bpmn:SubProcess' && (node.triggeredByEvent || forks(node.flowElements ?? [], successors))));
}

export async function taskSuccessors(xml: string): Promise<TaskSuccessors> {
  const { rootElement } = await new BpmnModdle().fromXML(xml, 'bpmn:Definitions');
  const processes = ((rootElement.rootElements ?? []) as Node[]).filter((root) => root.$type === 'bpmn:Process');
  const successors = successorsOf(processes);
  const oneToken = !processes.some((p) => forks(p.flowElements ?? [], successors));
  const continuing = new Map<string, boolean>();
  const ending = new Map<string, boolean>();
  const visit = (node: Node, topLevel: boolean) => {
    const external = externalTopic(node);
    if (external) {
      const targets = successors.get(node) ?? [];
      const task = !external.event && targets.length > 0;
      continuing.set(external.topic, (continuing.get(external.topic) ?? true) && task && targets.every(waits));
      ending.set(external.topic, (ending.get(external.topic) ?? true) && task && oneToken && topLevel && targets.every(endsInstance));
    }
    node.flowElements?.forEach((child) => visit(child, false)); // a sub-process's own steps
  };
  for (const p of processes) p.flowElements?.forEach((node) => visit(node, true));
  const topics = (verdicts: Map<string, boolean>) => new Set([...verdicts].filter(([, yes]) => yes).map(([topic]) => topic));
  return { continuing: topics(continuing), ending: topics(ending) };
}
