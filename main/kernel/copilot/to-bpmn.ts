/**
 * Plan → BPMN 2.0 XML for Camunda 7 (no diagram yet: audit.ts lays it out with bpmn-auto-layout). Only these elements are
 * ever written: a start event (plain, or with a timer), end event, service tasks (camunda:type
 * "external" + camunda:topic, input parameters that are literal text or `${variable}`), user tasks
 * (with camunda:formData fields when the plan gives them), multi-instance loops over a JSON list
 * (`${list.elements()}`), intermediate timer and message catch events, exclusive and parallel
 * gateways, sequence flows. Ids are ProcOS's own; text is escaped and carries no expression markers;
 * the only expressions are gateway conditions that conditions.ts built, variable references and
 * loop collections of the whitelisted shapes. Every exclusive split has a default flow.
 */
import { topic } from '../../../common/topics';
import { isSafeVariable, isTimerExpression, parseCondition, variableName } from './conditions';
import { USER_TOPIC, type Branch, type Finding, type Plan, type Step, type TaskStep, type WaitStep } from './plan';
import { startVariables, type StartVariable } from './start-variables';

export type { StartVariable } from './start-variables';
export interface BuiltBpmn { xml: string; processId: string; startVariables: StartVariable[]; findings: Finding[] }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
/** Text from the plan: escaped, and never an expression (Camunda evaluates `${…}` in input parameters). */
const txt = (s: string) => esc(s.replace(/[$#]\{/g, '('));

export function processIdFor(name: string): string {
  const slug = variableName(name.replace(/'s\b/g, '')).replace(/_+/g, '_').slice(0, 40).replace(/_$/, '');
  return /^[a-z]/.test(slug) ? slug : `process_${slug}`.replace(/_$/, '');
}

export function planToBpmn(plan: Plan): BuiltBpmn {
  const nodes: { id: string; xml: string }[] = [];
  const flows: string[] = [];
  const messages = new Map<string, string>();
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  const defaults = new Map<string, string>();
  const findings: Finding[] = [];
  const counters: Record<string, number> = {};
  const nextId = (prefix: string) => `${prefix}_${(counters[prefix] = (counters[prefix] ?? 0) + 1)}`;

  const node = (id: string, xml: string) => nodes.push({ id, xml });
  const flow = (from: string, to: string, condition?: string, name?: string) => {
    const id = nextId('Flow');
    outgoing.set(from, [...(outgoing.get(from) ?? []), id]);
    incoming.set(to, [...(incoming.get(to) ?? []), id]);
    const attrs = `id="${id}"${name ? ` name="${txt(name)}"` : ''} sourceRef="${from}" targetRef="${to}"`;
    flows.push(condition
      ? `<bpmn:sequenceFlow ${attrs}><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>`
      : `<bpmn:sequenceFlow ${attrs} />`);
    return id;
  };

  const loopOf = (t: TaskStep) => (t.each && isSafeVariable(t.each.collection) && isSafeVariable(t.each.element)
    ? `<bpmn:multiInstanceLoopCharacteristics camunda:collection="\${${t.each.collection}.elements()}" camunda:elementVariable="${t.each.element}" />` : '');

  const userTask = (t: TaskStep): string => {
    const id = nextId('UserTask');
    const fields = t.form.filter((f) => isSafeVariable(f.id)).map((f) => `<camunda:formField id="${f.id}" label="${txt(f.label)}" type="${f.type}"><camunda:validation><camunda:constraint name="required" /></camunda:validation></camunda:formField>`).join('');
    const ext = fields ? `<bpmn:extensionElements><camunda:formData>${fields}</camunda:formData></bpmn:extensionElements>` : '';
    node(id, `<bpmn:userTask id="${id}" name="${txt(t.name)}">${ext}@@${loopOf(t)}</bpmn:userTask>`);
    return id;
  };

  const serviceTask = (t: TaskStep): string => {
    const def = topic(t.topic)!;
    const id = nextId('ServiceTask');
    const params: string[] = [];
    for (const input of def.inputs) {
      const value = t.inputs[input.name];
      if (value && 'variable' in value && isSafeVariable(value.variable)) {
        // the process variable of the same name needs no parameter: the task reads it as it is
        if (value.variable !== input.name) params.push(`<camunda:inputParameter name="${input.name}">\${${value.variable}}</camunda:inputParameter>`);
      } else if (value && 'text' in value && value.text.trim()) {
        params.push(`<camunda:inputParameter name="${input.name}">${txt(value.text)}</camunda:inputParameter>`);
      } else if (input.fromStepName) {
        params.push(`<camunda:inputParameter name="${input.name}">${txt(t.name)}</camunda:inputParameter>`); // the step's own words: the prompt, the subject
      }
    }
    const ext = params.length ? `<bpmn:extensionElements><camunda:inputOutput>${params.join('')}</camunda:inputOutput></bpmn:extensionElements>` : '';
    node(id, `<bpmn:serviceTask id="${id}" name="${txt(t.name)}" camunda:type="external" camunda:topic="${esc(def.name)}">${ext}@@${loopOf(t)}</bpmn:serviceTask>`);
    return id;
  };

  const waitEvent = (w: WaitStep): string => {
    const id = nextId('Event');
    let definition: string;
    if (w.timer && isTimerExpression(w.timer)) {
      definition = `<bpmn:timerEventDefinition id="${id}_timer"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${esc(w.timer)}</bpmn:timeDuration></bpmn:timerEventDefinition>`;
    } else {
      const name = isSafeVariable(w.message ?? '') ? w.message! : 'message';
      if (!messages.has(name)) messages.set(name, `Message_${name}`);
      definition = `<bpmn:messageEventDefinition id="${id}_message" messageRef="${messages.get(name)}" />`;
    }
    node(id, `<bpmn:intermediateCatchEvent id="${id}" name="${txt(w.name)}">@@${definition}</bpmn:intermediateCatchEvent>`);
    return id;
  };

  /** A block from `from` through its steps; the first flow carries `first` (a branch's condition). Returns where it ends. */
  const block = (steps: Step[], from: string, first?: { condition?: string; label?: string }): { last: string; firstFlow?: string } => {
    let current = from;
    let firstFlow: string | undefined;
    const link = (to: string) => {
      const f = flow(current, to, firstFlow ? undefined : first?.condition, firstFlow ? undefined : first?.label);
      firstFlow ??= f;
      current = to;
    };
    for (const step of steps) {
      if (step.kind === 'task') link(step.topic === USER_TOPIC || !topic(step.topic) ? userTask(step) : serviceTask(step));
      else if (step.kind === 'wait') link(waitEvent(step));
      else {
        const type = step.kind === 'decision' ? 'exclusiveGateway' : 'parallelGateway';
        const split = nextId('Gateway');
        const join = nextId('Gateway');
        node(split, `<bpmn:${type} id="${split}" name="${txt(step.name)}">@@</bpmn:${type}>`);
        link(split);
        node(join, `<bpmn:${type} id="${join}">@@</bpmn:${type}>`);
        branches(step.kind, step.name, split, join, step.branches);
        current = join;
      }
    }
    return { last: current, firstFlow };
  };

  const branches = (kind: 'decision' | 'parallel', name: string, split: string, join: string, list: Branch[]) => {
    const read = list.map((b) => (kind === 'decision' && b.condition ? parseCondition(b.condition) : undefined));
    // the otherwise branch is the default flow; without one, the first branch whose condition cannot be read
    const defaultAt = kind === 'parallel' ? -1 : list.findIndex((b) => !b.condition) >= 0 ? list.findIndex((b) => !b.condition) : read.findIndex((c) => c?.kind === 'unreadable');
    let hasDefault = false;
    for (const [index, b] of list.entries()) {
      const c = read[index];
      const condition = c?.kind === 'compare' ? c.expression : undefined;
      const isDefault = index === defaultAt;
      const end = block(b.steps, split, { condition: kind === 'parallel' ? undefined : condition ?? (isDefault ? undefined : '${false}'), label: b.label || undefined });
      const firstFlow = end.firstFlow ?? flow(end.last, join, condition ?? (isDefault || kind === 'parallel' ? undefined : '${false}'), b.label || undefined);
      if (end.firstFlow) flow(end.last, join);
      if (isDefault) { defaults.set(split, firstFlow); hasDefault = true; }
      if (c?.kind === 'unreadable') {
        findings.push({
          severity: isDefault ? 'warning' : 'error', element: firstFlow,
          message: isDefault
            ? `"${name}": the condition "${b.condition}" could not be read (${c.reason}); flow ${firstFlow} became the default flow`
            : `"${name}": the condition "${b.condition}" could not be read (${c.reason}); flow ${firstFlow} is never taken until you give it a condition like \${amount > 500}`,
        });
      }
    }
    if (kind === 'decision' && !hasDefault) defaults.set(split, flow(split, join, undefined, 'otherwise'));
  };

  const startId = 'StartEvent_1';
  const timer = plan.trigger.timer && isTimerExpression(plan.trigger.timer)
    ? `<bpmn:timerEventDefinition id="StartEvent_1_timer"><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">${esc(plan.trigger.timer)}</bpmn:timeCycle></bpmn:timerEventDefinition>` : '';
  node(startId, `<bpmn:startEvent id="${startId}" name="${txt(plan.trigger.name || 'Start')}">@@${timer}</bpmn:startEvent>`);
  const { last } = block(plan.steps, startId);
  const endId = 'EndEvent_1';
  node(endId, `<bpmn:endEvent id="${endId}" name="Done">@@</bpmn:endEvent>`);
  flow(last, endId);

  const processId = processIdFor(plan.name);
  const refs = (id: string) => [...(incoming.get(id) ?? []).map((f) => `<bpmn:incoming>${f}</bpmn:incoming>`), ...(outgoing.get(id) ?? []).map((f) => `<bpmn:outgoing>${f}</bpmn:outgoing>`)].join('');
  // node bodies are rendered last: gateway defaults and flow references are known only now
  const body = nodes.map(({ id, xml }) => (defaults.has(id) ? xml.replace(`id="${id}"`, `id="${id}" default="${defaults.get(id)}"`) : xml).replace('@@', refs(id)));
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${processId}" targetNamespace="http://procos.dev/drafts" exporter="ProcOS copilot" exporterVersion="2">
<bpmn:process id="${processId}" name="${txt(plan.name)}" isExecutable="true" camunda:historyTimeToLive="P30D">
${[...body, ...flows].join('\n')}
</bpmn:process>
${[...messages].map(([name, id]) => `<bpmn:message id="${id}" name="${name}" />`).join('\n')}
</bpmn:definitions>
`;
  findings.unshift(...(plan.notes ?? []).map((message): Finding => ({ severity: 'warning', message })));
  return { xml, processId, startVariables: startVariables(plan), findings };
}
