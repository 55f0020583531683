/**
 * Camunda Forms (`.form` files, the form-js schema) read without a browser: what form-js's importer
 * would refuse (not JSON, not a form, a field type it does not know, two fields bound to one key, two
 * components with one id), and the form's input fields as TaskFormFields (common/task-forms.ts) so the
 * kernel can check submitted values the way the form does. The renderer shows the form itself with
 * @bpmn-io/form-js-viewer; this mirrors the rules of its version (1.23).
 */
import type { TaskFieldType, TaskFormField } from './task-forms';

/** form-js 1.23's component types (its `formFields`), and which of them bind a variable (`keyed`). */
const INPUT_TYPES: Record<string, TaskFieldType> = {
  textfield: 'string', textarea: 'string', number: 'number', datetime: 'date', checkbox: 'boolean',
  radio: 'enum', select: 'enum', checklist: 'json', taglist: 'json', filepicker: 'json', expression: 'json',
};
const OTHER_TYPES = ['default', 'text', 'image', 'table', 'html', 'documentPreview', 'spacer', 'separator', 'group', 'dynamiclist', 'iframe', 'button'];

export interface FormSchemaReading {
  /** the form's id (what `camunda:formRef` names) */
  id?: string;
  schema?: Record<string, unknown>;
  fields: TaskFormField[];
  /** why form-js cannot read it; empty when it can */
  problems: string[];
}

interface Component {
  type?: unknown; key?: unknown; id?: unknown; label?: unknown; components?: unknown; path?: unknown;
  validate?: { required?: boolean; min?: number; max?: number; minLength?: number; maxLength?: number; pattern?: string; validationType?: string };
  values?: { label?: string; value?: unknown }[]; defaultValue?: unknown; readonly?: unknown; disabled?: unknown;
  subtype?: string; decimalDigits?: number;
}

/** Where a JSON parse error is, as "line L, column C" (V8 gives a position). */
function jsonPosition(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return '';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

export function readFormSchema(name: string, text: string): FormSchemaReading {
  const fail = (problem: string): FormSchemaReading => ({ fields: [], problems: [`${name}: ${problem}`] });
  if (!text.trim()) return fail('is empty; a Camunda Form is a JSON object with "type": "default", an "id" and "components"');
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch (err) {
    const message = (err as Error).message;
    return fail(`is not JSON${jsonPosition(text, message)}: ${message.split('\n')[0]}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return fail('is JSON but not a form: expected an object with "type": "default" and "components"');
  const root = parsed as Record<string, unknown> & Component;
  const problems: string[] = [];
  if (root.type !== 'default') problems.push(`${name}: is not a Camunda Form: its "type" is ${JSON.stringify(root.type)}, expected "default"`);
  if (typeof root.id !== 'string' || !root.id.trim()) problems.push(`${name}: has no "id": camunda:formRef names a form by its id (set it in the form editor's properties)`);
  if (!Array.isArray(root.components)) problems.push(`${name}: has no "components" list`);
  if (problems.length) return { fields: [], problems };

  const fields: TaskFormField[] = [];
  const ids = new Set<string>();
  const paths = new Set<string>();
  const visit = (components: unknown[], where: string[], prefix: string[]) => components.forEach((c, index) => {
    const at = `${where.join(' › ') || 'components'}[${index}]`;
    if (!c || typeof c !== 'object') return problems.push(`${name}: ${at} is not a form field object`);
    const field = c as Component;
    const type = typeof field.type === 'string' ? field.type : undefined;
    if (!type || (!(type in INPUT_TYPES) && !OTHER_TYPES.includes(type))) {
      return problems.push(`${name}: ${at}: form field of type <${String(field.type)}> not supported`);
    }
    if (typeof field.id === 'string') {
      if (ids.has(field.id)) problems.push(`${name}: form field with id <${field.id}> already exists`);
      ids.add(field.id);
    }
    if (type in INPUT_TYPES) {
      if (typeof field.key !== 'string' || !field.key.trim()) return problems.push(`${name}: ${at} (${type}) has no "key": the variable it sets`);
      const path = [...prefix, field.key].join('.');
      if (paths.has(path)) return problems.push(`${name}: binding path '${path}' is already claimed (two fields set one variable)`);
      paths.add(path);
      if (!prefix.length && !field.disabled) fields.push(toTaskField(field, type));
    }
    if (Array.isArray(field.components)) {
      const nested = type === 'group' && typeof field.path === 'string' && field.path ? [...prefix, ...field.path.split('.')] : prefix;
      visit(field.components, [...where, `${type}${typeof field.label === 'string' ? ` "${field.label}"` : ''}`], type === 'dynamiclist' ? [...nested, '[]'] : nested);
    }
  });
  visit(root.components as unknown[], [], []);
  return { id: root.id as string, schema: root, fields, problems };
}

function toTaskField(c: Component, type: string): TaskFormField {
  const v = c.validate ?? {};
  const fieldType = type === 'textfield' && v.validationType === 'number' ? 'number' : INPUT_TYPES[type];
  const field: TaskFormField = {
    key: c.key as string, label: typeof c.label === 'string' && c.label ? c.label : (c.key as string), type: fieldType,
    required: v.required === true, readonly: c.readonly === true || undefined,
  };
  if (typeof v.min === 'number') field.min = v.min;
  if (typeof v.max === 'number') field.max = v.max;
  if (typeof v.minLength === 'number') field.minlength = v.minLength;
  if (typeof v.maxLength === 'number') field.maxlength = v.maxLength;
  if (typeof v.pattern === 'string' && v.pattern) field.pattern = v.pattern;
  if (fieldType === 'enum') { // static options; options from a variable (valuesKey) are not known here
    if (Array.isArray(c.values) && c.values.length) field.options = c.values.map((o) => ({ value: String(o.value), label: o.label ?? String(o.value) }));
    else field.type = 'string';
  }
  if (type === 'datetime' && c.subtype === 'time') field.type = 'string';
  if (c.defaultValue !== undefined) field.defaultValue = c.defaultValue;
  return field;
}
