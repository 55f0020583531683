/**
 * Plan → BPMN 2.0 XML for Camunda 7 (no diagram yet: audit.ts lays it out with bpmn-auto-layout). Only these elements are
 * ever written: start and end event, service tasks (camunda:type="external" + camunda:topic, literal
 * input parameters), user tasks, exclusive and parallel gateways, sequence flows. Ids are ProcOS's
 * own; text from the model is escaped and carries no expression markers; the only expressions are
 * gateway conditions that conditions.ts built. Every exclusive split has a default flow.
 */
import { FORMATS, fitsFormat, topic } from '../../../common/topics';
import { parseCondition, variableName } from './conditions';
import { USER_TOPIC, type Finding, type Plan, type PlanTask } from './plan';

export interface StartVariable { name: string; type: 'number' | 'boolean' | 'string'; why: string }
export interface BuiltBpmn { xml: string; processId: string; startVariables: StartVariable[]; findings: Finding[] }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
/** Text from the plan: escaped, and never an expression (Camunda evaluates `${…}` in input parameters). */
const txt = (s: string) => esc(s.replace(/[$#]\{/g, '('));

export function processIdFor(name: string): string {
  const slug = variableName(name).replace(/_+/g, '_').slice(0, 40).replace(/_$/, '');
  return /^[a-z]/.test(slug) ? slug : `process_${slug}`.replace(/_$/, '');
}

export function planToBpmn(plan: Plan): BuiltBpmn {
  const nodes: string[] = [];
  const flows: string[] = [];
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  const findings: Finding[] = [];
  const startVariables = new Map<string, StartVariable>();
  const counters: Record<string, number> = {};
  const nextId = (prefix: string) => `${prefix}_${(counters[prefix] = (counters[prefix] ?? 0) + 1)}`;
  const defaults = new Map<string, string>();

  const node = (id: string, xml: string) => nodes.push(`<!--${id}-->${xml}`);
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

  const taskNode = (t: PlanTask): string => {
    if (t.topic === USER_TOPIC) {
      const id = nextId('UserTask');
      node(id, `<bpmn:userTask id="${id}" name="${txt(t.name)}">@@${id}@@</bpmn:userTask>`);
      return id;
    }
    const def = topic(t.topic)!;
    const id = nextId('ServiceTask');
    const inputs = { ...t.inputs };
    // a literal that cannot work ("email_to": "HR") would shadow the start variable and end in an
    // incident: it is dropped, said, and (when required) asked for at start instead
    for (const input of def.inputs.filter((i) => inputs[i.name] && !fitsFormat(i, inputs[i.name]))) {
      findings.push({ severity: 'warning', element: id, message: `"${t.name}": ${input.name} "${inputs[input.name].slice(0, 60)}" is not ${FORMATS[input.format!].words}; it is left to a start variable` });
      delete inputs[input.name];
    }
    for (const input of def.inputs.filter((i) => !inputs[i.name])) {
      if (input.fromStepName) inputs[input.name] = t.name; // the step's own words: the prompt, the subject
      else if (input.required && !startVariables.has(input.name)) startVariables.set(input.name, { name: input.name, type: 'string', why: `${def.name} in "${t.name}" (${id}): ${input.description}` });
    }
    const params = Object.entries(inputs).filter(([, v]) => v !== '')
      .map(([k, v]) => `<camunda:inputParameter name="${esc(k)}">${txt(v)}</camunda:inputParameter>`).join('');
    const ext = params ? `<bpmn:extensionElements><camunda:inputOutput>${params}</camunda:inputOutput></bpmn:extensionElements>` : '';
    node(id, `<bpmn:serviceTask id="${id}" name="${txt(t.name)}" camunda:type="external" camunda:topic="${esc(def.name)}">${ext}@@${id}@@</bpmn:serviceTask>`);
    return id;
  };

  /** A branch from split to join through its tasks; returns the id of its first flow (the one a condition sits on). */
  const branch = (split: string, join: string, tasks: PlanTask[], condition?: string, label?: string): string => {
    if (!tasks.length) return flow(split, join, condition, label);
    let first = '';
    let last = split;
    tasks.forEach((t, i) => {
      const id = taskNode(t);
      const f = flow(last, id, i === 0 ? condition : undefined, i === 0 ? label : undefined);
      if (i === 0) first = f;
      last = id;
    });
    flow(last, join);
    return first;
  };

  const startId = 'StartEvent_1';
  node(startId, `<bpmn:startEvent id="${startId}" name="Start">@@${startId}@@</bpmn:startEvent>`);
  let current = startId;
  for (const step of plan.steps) {
    if (step.kind === 'task') {
      const id = taskNode(step);
      flow(current, id);
      current = id;
      continue;
    }
    const type = step.kind === 'decision' ? 'exclusiveGateway' : 'parallelGateway';
    const split = nextId('Gateway');
    const join = nextId('Gateway');
    node(split, `<bpmn:${type} id="${split}" name="${txt(step.name)}">@@${split}@@</bpmn:${type}>`);
    node(join, `<bpmn:${type} id="${join}">@@${join}@@</bpmn:${type}>`);
    flow(current, split);
    let hasDefault = false;
    for (const b of step.branches) {
      if (step.kind === 'parallel') { branch(split, join, b.steps); continue; }
      const c = parseCondition(b.if);
      const label = b.if.replace(/\s+/g, ' ').trim().slice(0, 40);
      if (c.kind === 'compare') {
        if (!startVariables.has(c.variable)) startVariables.set(c.variable, { name: c.variable, type: typeof c.value as StartVariable['type'], why: `the condition ${c.expression} of "${step.name}" (${split})` });
        branch(split, join, b.steps, c.expression, label);
        continue;
      }
      // "otherwise", or a condition that cannot be read: the default flow if there is none yet,
      // else a branch that is never taken (and said so)
      const isDefault = !hasDefault;
      const flowId = branch(split, join, b.steps, isDefault ? undefined : '${false}', isDefault ? (label || 'otherwise') : label);
      if (isDefault) { defaults.set(split, flowId); hasDefault = true; }
      if (c.kind === 'unreadable') {
        findings.push({
          severity: isDefault ? 'warning' : 'error', element: flowId,
          message: isDefault
            ? `"${step.name}": the condition "${b.if}" could not be read (${c.reason}); flow ${flowId} became the default flow`
            : `"${step.name}": the condition "${b.if}" could not be read (${c.reason}); flow ${flowId} is never taken until you give it a condition like \${amount > 500}`,
        });
      }
    }
    if (step.kind === 'decision' && !hasDefault) defaults.set(split, flow(split, join, undefined, 'otherwise'));
    current = join;
  }
  const endId = 'EndEvent_1';
  node(endId, `<bpmn:endEvent id="${endId}" name="Done">@@${endId}@@</bpmn:endEvent>`);
  flow(current, endId);

  const processId = processIdFor(plan.name);
  const refs = (id: string) => [...(incoming.get(id) ?? []).map((f) => `<bpmn:incoming>${f}</bpmn:incoming>`), ...(outgoing.get(id) ?? []).map((f) => `<bpmn:outgoing>${f}</bpmn:outgoing>`)].join('');
  // node bodies are rendered last: gateway defaults and flow references are known only now
  const body = nodes.map((n) => {
    const id = /^<!--(.*?)-->/.exec(n)![1];
    const rendered = n.replace(/^<!--.*?-->/, '');
    const withDefault = defaults.has(id) ? rendered.replace(`id="${id}"`, `id="${id}" default="${defaults.get(id)}"`) : rendered;
    return withDefault.replace(`@@${id}@@`, refs(id));
  });
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${processId}" targetNamespace="http://procos.dev/drafts" exporter="ProcOS copilot" exporterVersion="1">
<bpmn:process id="${processId}" name="${txt(plan.name)}" isExecutable="true" camunda:historyTimeToLive="P30D">
${[...body, ...flows].join('\n')}
</bpmn:process>
</bpmn:definitions>
`;
  return { xml, processId, startVariables: [...startVariables.values()], findings };
}
