/**
 * The fields of a user task's form, and the one check of submitted values against them, shared by the
 * kernel (it refuses a bad `completeTask` before the engine sees it) and the renderer (it says the same
 * under the input). A field comes from a Camunda generated form (`camunda:formData`), from a Camunda
 * Form (form-js schema, read by common/form-schema.ts), or from the variables the next steps read.
 */

export type TaskFormKind = 'camunda-form' | 'generated' | 'none';
/** `long`: a whole number; `number`: any number; `date`: an ISO 8601 date(-time); `enum`: one of `options`. */
export type TaskFieldType = 'string' | 'long' | 'number' | 'boolean' | 'date' | 'enum' | 'json';

export interface TaskFormField {
  key: string;
  label: string;
  type: TaskFieldType;
  required: boolean;
  /** shown but not submitted: a changed value is refused */
  readonly?: boolean;
  /** bounds of a number (long, number) */
  min?: number;
  max?: number;
  /** bounds of a text's length (string) */
  minlength?: number;
  maxlength?: number;
  /** the choices of an enum: value as submitted, label as shown */
  options?: { value: string; label: string }[];
  defaultValue?: unknown;
  /** a regular expression a string must match (Camunda Forms' validate.pattern) */
  pattern?: string;
}

export interface TaskForm {
  kind: TaskFormKind;
  fields: TaskFormField[];
  /** camunda-form: the form's id (camunda:formRef) and its form-js schema, as deployed */
  formRef?: string;
  schema?: unknown;
  /** none: no step after this one is known to read a variable, so any variables may be given */
  free?: boolean;
}

export interface FieldProblem { field: string; message: string }

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const empty = (v: unknown) => v === undefined || v === null || v === '';

/** A value as the field's type wants it, or a problem saying what is wrong (text from a CLI `--var` is accepted too). */
export function coerceField(field: TaskFormField, value: unknown): { value: unknown } | { problem: string } {
  const name = `${field.label || field.key} (${field.key})`;
  switch (field.type) {
    case 'long': case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return { problem: `${name} must be a number, not ${JSON.stringify(value)}` };
      if (field.type === 'long' && !Number.isInteger(n)) return { problem: `${name} must be a whole number, not ${n}` };
      if (field.min !== undefined && n < field.min) return { problem: `${name} must be at least ${field.min}, not ${n}` };
      if (field.max !== undefined && n > field.max) return { problem: `${name} must be at most ${field.max}, not ${n}` };
      return { value: n };
    }
    case 'boolean': {
      const b = value === 'true' ? true : value === 'false' ? false : value;
      return typeof b === 'boolean' ? { value: b } : { problem: `${name} must be true or false, not ${JSON.stringify(value)}` };
    }
    case 'date': {
      if (typeof value !== 'string' || !ISO_DATE.test(value.trim()) || Number.isNaN(Date.parse(value))) {
        return { problem: `${name} must be a date such as 2026-12-31 or 2026-12-31T09:00:00Z, not ${JSON.stringify(value)}` };
      }
      return { value: value.trim() };
    }
    case 'enum': {
      const text = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
      const options = field.options ?? [];
      if (text === undefined || !options.some((o) => o.value === text)) {
        return { problem: `${name} must be one of ${options.map((o) => o.value).join(', ')}, not ${JSON.stringify(value)}` };
      }
      return { value: text };
    }
    case 'json': return { value };
    default: {
      if (typeof value !== 'string') return { problem: `${name} must be text, not ${JSON.stringify(value)}` };
      if (field.minlength !== undefined && value.length < field.minlength) return { problem: `${name} must have at least ${field.minlength} characters, not ${value.length}` };
      if (field.maxlength !== undefined && value.length > field.maxlength) return { problem: `${name} must have at most ${field.maxlength} characters, not ${value.length}` };
      if (field.pattern) {
        let re: RegExp | undefined;
        try { re = new RegExp(`^(?:${field.pattern})$`); } catch { /* a pattern the form got wrong checks nothing */ }
        if (re && !re.test(value)) return { problem: `${name} must match the pattern ${field.pattern}` };
      }
      return { value };
    }
  }
}

/**
 * Submitted values checked against the form: every problem named by its field, or the values to send
 * (typed as the fields say; read-only fields left out). Keys the form does not name pass as given.
 * `current`: the task's variables now (a field left out keeps its value; a read-only one may be sent back unchanged).
 */
export function checkFormValues(fields: TaskFormField[], values: Record<string, unknown>, current: Record<string, unknown> = {}):
  { values: Record<string, unknown>; problems: FieldProblem[] } {
  const out: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(values)) if (!byKey.has(key)) out[key] = value;
  for (const field of fields) {
    const given = values[field.key];
    if (field.readonly) {
      if (!empty(given) && JSON.stringify(given) !== JSON.stringify(current[field.key] ?? field.defaultValue)) {
        problems.push({ field: field.key, message: `${field.label || field.key} (${field.key}) is read-only: it cannot be changed` });
      }
      continue;
    }
    // left out: the value the form shows (the variable's, else the default) is submitted, as a form would
    const value = empty(given) ? current[field.key] ?? field.defaultValue : given;
    if (empty(value) || (field.required && typeof value === 'string' && !value.trim())) {
      if (field.required) problems.push({ field: field.key, message: `${field.label || field.key} (${field.key}) is required` });
      continue;
    }
    const r = coerceField(field, value);
    if ('problem' in r) problems.push({ field: field.key, message: r.problem });
    else out[field.key] = r.value;
  }
  return { values: out, problems };
}
