/**
 * The last word on a draft before it leaves ProcOS: lays it out (bpmn-auto-layout), then checks it
 * as a deploy would (validateBpmn: bpmn-moddle) and audits it against the copilot's whitelist —
 * only the element types to-bpmn.ts writes, no script/class/delegateExpression/expression
 * attributes, timers of the whitelisted shapes, and no `${…}`/`#{…}` anywhere except gateway
 * conditions, input parameters that read one variable (`${name}`) and loop collections
 * (`${list.elements()}`), each of the whitelisted shape.
 */
import { layoutProcess } from 'bpmn-auto-layout';
import { BpmnModdle } from 'bpmn-moddle';
import { validateBpmn } from '../deploy';
import { isLoopCollection, isTimerExpression, isVariableReference, isWhitelistedCondition } from './conditions';
import type { Finding } from './plan';

const ALLOWED_TYPES = new Set([
  'bpmn:Definitions', 'bpmn:Process', 'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:ServiceTask', 'bpmn:UserTask',
  'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:SequenceFlow', 'bpmn:FormalExpression', 'bpmn:ExtensionElements',
  'bpmn:IntermediateCatchEvent', 'bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:Message',
  'bpmn:MultiInstanceLoopCharacteristics',
  'camunda:inputOutput', 'camunda:inputParameter', 'camunda:formData', 'camunda:formField', 'camunda:validation', 'camunda:constraint',
  'bpmndi:BPMNDiagram', 'bpmndi:BPMNPlane', 'bpmndi:BPMNShape', 'bpmndi:BPMNEdge', 'bpmndi:BPMNLabel', 'dc:Bounds', 'dc:Point',
]);
const ALLOWED_CAMUNDA_ATTRS = new Set(['camunda:type', 'camunda:topic', 'camunda:historyTimeToLive', 'camunda:collection', 'camunda:elementVariable']);
const TIMER_PARENTS = new Set(['bpmn:TimerEventDefinition']);

export async function layout(xml: string): Promise<string> {
  return layoutProcess(xml);
}

interface Node { $type: string; id?: string; $attrs?: Record<string, string>; $children?: Node[]; $body?: string; body?: string; [k: string]: unknown }

/** Every rule a draft must keep; each breach names the element. */
export async function auditDraft(xml: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const bad = (message: string, element?: string) => findings.push({ message, element, severity: 'error' });
  if (/<(bpmn:)?script|\scamunda:(class|delegateExpression|expression|resultVariable|resource|script)\s*=\s*"/i.test(xml)) bad('the draft holds a script, a Java class or an expression attribute');
  const { rootElement } = await new BpmnModdle().fromXML(xml, 'bpmn:Definitions');
  const seen = new Set<unknown>();
  const visit = (node: Node, parent?: Node) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (!ALLOWED_TYPES.has(node.$type)) bad(`element type ${node.$type} is not allowed in a draft`, node.id ?? parent?.id);
    for (const [name, value] of Object.entries(node.$attrs ?? {})) {
      if (name.startsWith('xmlns')) continue;
      if (name.startsWith('camunda:') && !ALLOWED_CAMUNDA_ATTRS.has(name)) bad(`attribute ${name} is not allowed in a draft`, node.id ?? parent?.id);
      if (name === 'camunda:collection' ? !isLoopCollection(String(value)) : /[$#]\{/.test(String(value))) bad(`attribute ${name} holds an expression`, node.id ?? parent?.id);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('$') && key !== '$children' && key !== '$body') continue;
      if (key === 'body' && node.$type === 'bpmn:FormalExpression' && TIMER_PARENTS.has(parent?.$type ?? '')) {
        if (!isTimerExpression(String(value))) bad(`timer "${String(value).slice(0, 80)}" is not a duration, a repeating interval or a cron expression`, parent?.id);
        continue;
      }
      if (key === '$body' && node.$type === 'camunda:inputParameter' && /[$#]\{/.test(String(value))) {
        if (!isVariableReference(String(value))) bad(`input parameter "${String(value).slice(0, 80)}" holds an expression`, parent?.id);
        continue;
      }
      if (key === 'body' && node.$type === 'bpmn:FormalExpression') {
        const flowOk = parent?.$type === 'bpmn:SequenceFlow' && ['bpmn:ExclusiveGateway'].includes((parent.sourceRef as Node | undefined)?.$type ?? '');
        if (!flowOk || !(isWhitelistedCondition(String(value)) || String(value) === '${false}')) bad(`expression "${String(value).slice(0, 80)}" is not a whitelisted gateway condition`, parent?.id);
        continue;
      }
      if (typeof value === 'string' && /[$#]\{/.test(value)) bad(`${key} holds an expression`, node.id ?? parent?.id);
      if (Array.isArray(value)) value.forEach((v) => typeof v === 'object' && v && '$type' in v && visit(v as Node, node));
      else if (value && typeof value === 'object' && '$type' in value && !['sourceRef', 'targetRef', 'default', 'bpmnElement', 'incoming', 'outgoing'].includes(key)) visit(value as Node, node);
    }
  };
  visit(rootElement as unknown as Node);
  return findings;
}

/** validateBpmn (what deploy runs first) plus the audit, as findings. */
export async function checkDraft(fileName: string, xml: string): Promise<Finding[]> {
  const validation = await validateBpmn(fileName, xml);
  const findings: Finding[] = validation.errors.map((e) => ({ message: e.message, element: e.element, severity: 'error' }));
  if (!findings.length) findings.push(...await auditDraft(xml));
  return findings;
}
