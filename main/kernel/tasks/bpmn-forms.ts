/**
 * What a process's BPMN says about the forms of its user tasks: a Camunda Form by reference
 * (`camunda:formRef`, its binding and version), a generated form (`camunda:formData` fields with their
 * types, defaults, enum values and constraints), or neither — then the variables that the next steps
 * read (the conditions on the flows after the task, through gateways), with a type guessed from how
 * they are compared, each required (unless the instance has it already). Pure: XML in, plain data out (read with bpmn-moddle and Camunda's extension).
 */
import { BpmnModdle } from 'bpmn-moddle';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import type { TaskFieldType, TaskFormField } from '../../../common/task-forms';

export interface FormRef { id: string; binding: 'latest' | 'deployment' | 'version'; version?: number }
export interface UserTaskForm {
  elementId: string;
  name?: string;
  formRef?: FormRef;
  formKey?: string;
  /** camunda:formData fields, in order */
  formData?: TaskFormField[];
  /** no form: the variables the steps after this one read */
  nextVariables: TaskFormField[];
}

interface Element {
  $type: string; id: string; name?: string;
  get?(name: string): unknown;
  extensionElements?: { values?: Element[] };
  fields?: FormFieldElement[];
  sourceRef?: Element; targetRef?: Element; conditionExpression?: { body?: string };
  flowElements?: Element[]; rootElements?: Element[];
  formRef?: string; formRefBinding?: string; formRefVersion?: string; formKey?: string;
}
interface FormFieldElement {
  id: string; label?: string; type?: string; defaultValue?: string;
  validation?: { constraints?: { name: string; config?: string }[] };
  values?: { id: string; name?: string }[];
}

const FIELD_TYPES: Record<string, TaskFieldType> = { string: 'string', long: 'long', boolean: 'boolean', date: 'date', enum: 'enum' };

/** A camunda:formField as a TaskFormField: its type (a custom type counts as text) and constraints. */
function generatedField(f: FormFieldElement): TaskFormField {
  const type = FIELD_TYPES[f.type ?? 'string'] ?? 'string';
  const field: TaskFormField = { key: f.id, label: f.label || f.id, type, required: false };
  for (const c of f.validation?.constraints ?? []) {
    const n = Number(c.config);
    if (c.name === 'required') field.required = true;
    else if (c.name === 'readonly') field.readonly = true;
    else if (c.name === 'min' && Number.isFinite(n)) field.min = n;
    else if (c.name === 'max' && Number.isFinite(n)) field.max = n;
    else if (c.name === 'minlength' && Number.isFinite(n)) field.minlength = n;
    else if (c.name === 'maxlength' && Number.isFinite(n)) field.maxlength = n;
  }
  if (type === 'enum') field.options = (f.values ?? []).map((v) => ({ value: v.id, label: v.name || v.id }));
  if (f.defaultValue !== undefined && !/[$#]\{/.test(f.defaultValue)) {
    field.defaultValue = type === 'long' ? Number(f.defaultValue) : type === 'boolean' ? f.defaultValue === 'true' : f.defaultValue;
  }
  return field;
}

/** JUEL words and the names Camunda puts in an expression's scope: never a variable of the instance. */
const NOT_VARIABLES = new Set(['and', 'or', 'not', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'true', 'false', 'null', 'empty', 'div', 'mod',
  'instanceof', 'execution', 'task', 'externalTask', 'authenticatedUserId', 'variableScope', 'connectors', 'environment', 'processEngine']);

/** The variables an expression reads, each with the type its use suggests (compared with a number: a number; with text: text; else a yes/no). */
export function expressionVariables(expression: string): TaskFormField[] {
  const found = new Map<string, TaskFieldType>();
  for (const [, body] of expression.matchAll(/[$#]\{([^}]*)\}/g)) {
    const text = body.replace(/"[^"]*"|'[^']*'/g, (s) => ` ${s[0] === '"' ? '"' : "'"}STR `);
    for (const m of text.matchAll(/(?<![.\w'"])([A-Za-z_]\w*)(?![\w.])(?!\s*\()/g)) { // not a property, method or function
      const name = m[1];
      if (NOT_VARIABLES.has(name) || name === 'STR') continue;
      const around = text.slice(Math.max(0, m.index! - 24), m.index! + name.length + 24);
      const compared = new RegExp(`${name}\\s*(==|!=|>=|<=|>|<|eq|ne|gt|lt|ge|le)\\s*(\\S+)|(\\S+)\\s*(==|!=|>=|<=|>|<|eq|ne|gt|lt|ge|le)\\s*${name}`).exec(around);
      const other = compared ? (compared[2] ?? compared[3]) : undefined;
      const type: TaskFieldType = !other ? 'boolean' : /^-?\d/.test(other) ? 'number' : /^(true|false)$/.test(other) ? 'boolean' : 'string';
      if (!found.has(name)) found.set(name, type);
    }
  }
  // required: a condition that reads a variable nobody set stops the instance with an engine error
  return [...found].map(([key, type]) => ({ key, label: key, type, required: true }));
}

/** The variables read by the conditions on the flows after `task`, through any gateways, up to the next steps.
 * `outgoing`: the sequence flows leaving each element (a diagram need not list them on the element). */
function nextVariables(task: Element, outgoing: Map<Element, Element[]>): TaskFormField[] {
  const fields = new Map<string, TaskFormField>();
  const seen = new Set<Element>();
  const walk = (flows: Element[] = []) => {
    for (const flow of flows) {
      if (seen.has(flow)) continue;
      seen.add(flow);
      const body = flow.conditionExpression?.body;
      if (body) for (const f of expressionVariables(body)) if (!fields.has(f.key)) fields.set(f.key, f);
      if (flow.targetRef?.$type.endsWith('Gateway')) walk(outgoing.get(flow.targetRef));
    }
  };
  walk(outgoing.get(task));
  return [...fields.values()];
}

/** Every user task of every process in the document, by element id. */
export async function userTaskForms(xml: string): Promise<Map<string, UserTaskForm>> {
  const { rootElement } = await new BpmnModdle({ camunda: camundaModdle }).fromXML(xml, 'bpmn:Definitions');
  const out = new Map<string, UserTaskForm>();
  const visit = (elements: Element[] = []) => {
    const outgoing = new Map<Element, Element[]>();
    for (const f of elements.filter((e) => e.$type === 'bpmn:SequenceFlow' && e.sourceRef)) outgoing.set(f.sourceRef!, [...(outgoing.get(f.sourceRef!) ?? []), f]);
    for (const el of elements) {
      if (el.flowElements) visit(el.flowElements); // sub-processes
      if (el.$type !== 'bpmn:UserTask') continue;
      const formData = el.extensionElements?.values?.find((v) => v.$type === 'camunda:FormData');
      const binding = el.formRefBinding === 'deployment' || el.formRefBinding === 'version' ? el.formRefBinding : 'latest';
      out.set(el.id, {
        elementId: el.id, name: el.name,
        formRef: el.formRef ? { id: el.formRef, binding, version: el.formRefVersion ? Number(el.formRefVersion) : undefined } : undefined,
        formKey: el.formKey || undefined,
        formData: formData ? (formData.fields ?? []).map(generatedField) : undefined,
        nextVariables: nextVariables(el, outgoing),
      });
    }
  };
  for (const root of (rootElement as Element).rootElements ?? []) visit(root.flowElements);
  return out;
}
