/**
 * What a draft must be given at start: every variable a step or a condition reads that no step
 * before it sets (a topic's outputs, a person's form, a loop's element). Each comes with its type,
 * the format a value must have (an e-mail address for `hr_email`), and why it is asked for.
 */
import { topic as topicDef } from '../../../common/topics';
import { parseCondition } from './conditions';
import { USER_TOPIC, type Plan, type Step } from './plan';

export interface StartVariable {
  name: string;
  type: 'number' | 'boolean' | 'string' | 'json';
  why: string;
  /** what a value must look like to work */
  format?: 'email' | 'url';
}

const formatOf = (name: string): StartVariable['format'] => (/(^|_)email(_to)?$|^email_to$/.test(name) ? 'email' : /(^|_)url$/.test(name) ? 'url' : undefined);

export function startVariables(plan: Plan): StartVariable[] {
  const asked = new Map<string, StartVariable>();
  const ask = (name: string, type: StartVariable['type'], why: string) => {
    const before = asked.get(name);
    // a field a check asks for is text until a condition says it is a number or yes/no
    if (before && before.type === 'string' && type !== 'string') before.type = type;
    if (!before) asked.set(name, { name, type, why, ...(formatOf(name) ? { format: formatOf(name) } : {}) });
  };

  const walk = (steps: Step[], produced: Set<string>) => {
    for (const step of steps) {
      if (step.kind === 'task') {
        if (step.each && !produced.has(step.each.collection)) ask(step.each.collection, 'json', `"${step.name}" runs once for each element of this list (each element is ${step.each.element})`);
        const inner = new Set(produced);
        if (step.each) inner.add(step.each.element);
        if (step.topic !== USER_TOPIC) {
          const def = topicDef(step.topic)!;
          for (const [input, value] of Object.entries(step.inputs)) {
            if ('variable' in value && !inner.has(value.variable)) ask(value.variable, 'string', `${input} of "${step.name}" (${def.name}): ${def.inputs.find((i) => i.name === input)?.description ?? input}`);
          }
          const fields = step.inputs.required_fields;
          if (fields && 'text' in fields) for (const f of fields.text.split(',')) if (!inner.has(f)) ask(f, 'string', `"${step.name}" checks that it is given`);
          for (const input of def.inputs.filter((i) => i.required && !step.inputs[i.name] && !i.fromStepName)) {
            if (!inner.has(input.name)) ask(input.name, 'string', `${input.name} of "${step.name}" (${def.name}): ${input.description}`);
          }
          def.outputs.forEach((o) => produced.add(o.name));
        }
        step.form.forEach((f) => produced.add(f.id));
      } else if (step.kind === 'decision' || step.kind === 'parallel') {
        for (const branch of step.branches) {
          const c = branch.condition ? parseCondition(branch.condition) : undefined;
          if (c?.kind === 'compare' && !produced.has(c.variable)) ask(c.variable, typeof c.value as StartVariable['type'], `the decision "${step.name}" tests ${branch.condition}`);
        }
        const after = new Set(produced);
        for (const branch of step.branches) {
          const inner = new Set(produced);
          walk(branch.steps, inner);
          inner.forEach((v) => after.add(v));
        }
        after.forEach((v) => produced.add(v));
      }
    }
  };
  walk(plan.steps, new Set());
  return [...asked.values()];
}
