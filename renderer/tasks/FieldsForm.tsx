/**
 * A task's fields as native, labelled inputs with the constraints of the form (required, min/max,
 * minlength/maxlength, read-only, the choices of an enum); checked with the kernel's own rules
 * (common/task-forms.ts) before sending, each problem shown under its field.
 */
import { useId, useState, type FormEvent } from 'react';
import { checkFormValues, type TaskFormField } from '../../common/task-forms';

interface Props { fields: TaskFormField[]; variables: Record<string, unknown>; busy: boolean; onComplete(values: Record<string, unknown>): void }

/** The text an input starts with: the variable's value, else the field's default. */
function initial(field: TaskFormField, variables: Record<string, unknown>): string {
  const value = variables[field.key] ?? field.defaultValue;
  if (value === undefined || value === null) return field.type === 'boolean' ? 'false' : '';
  if (field.type === 'date') return String(value).slice(0, 10);
  return typeof value === 'string' ? value : field.type === 'json' ? JSON.stringify(value) : String(value);
}

/** What an input's text sends: nothing when empty, a JSON value for a JSON field, else the text (the check types it). */
function value(field: TaskFormField, text: string): unknown {
  if (text === '') return undefined;
  if (field.type === 'json') { try { return JSON.parse(text); } catch { return text; } }
  return text;
}

export function FieldsForm({ fields, variables, busy, onComplete }: Props) {
  const id = useId();
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.key, initial(f, variables)])));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const set = (key: string, text: string) => { setTexts((t) => ({ ...t, [key]: text })); setProblems((p) => ({ ...p, [key]: '' })); };

  function submit(e: FormEvent) {
    e.preventDefault();
    const given = Object.fromEntries(fields.filter((f) => !f.readonly).map((f) => [f.key, value(f, texts[f.key])]).filter(([, v]) => v !== undefined));
    const checked = checkFormValues(fields, given, variables);
    if (checked.problems.length) return setProblems(Object.fromEntries(checked.problems.map((p) => [p.field, p.message])));
    onComplete(given);
  }

  return (
    <form className="fields-form" onSubmit={submit} noValidate data-testid="task-fields-form">
      {fields.map((f) => {
        const inputId = `${id}-${f.key}`;
        const problem = problems[f.key];
        const common = {
          id: inputId, name: f.key, required: f.required, readOnly: f.readonly, disabled: busy && !f.readonly,
          'aria-invalid': problem ? true : undefined, 'aria-describedby': problem ? `${inputId}-problem` : undefined, 'data-testid': `field-${f.key}`,
        };
        return (
          <div key={f.key} className={f.type === 'boolean' ? 'field field-check' : 'field'} data-type={f.type}>
            {f.type === 'boolean'
              ? <input type="checkbox" {...common} checked={texts[f.key] === 'true'} onChange={(e) => set(f.key, String(e.target.checked))} />
              : null}
            <label htmlFor={inputId}>{f.label}{f.required && <span className="required" aria-hidden> *</span>}</label>
            {f.type === 'enum' && (
              <select {...common} value={texts[f.key]} onChange={(e) => set(f.key, e.target.value)}>
                {(!f.required || !texts[f.key]) && <option value="">—</option>}
                {f.options?.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
            )}
            {f.type === 'json' && <textarea {...common} rows={3} className="code-input" value={texts[f.key]} onChange={(e) => set(f.key, e.target.value)} />}
            {['string', 'long', 'number', 'date'].includes(f.type) && (
              <input {...common} value={texts[f.key]} onChange={(e) => set(f.key, e.target.value)}
                type={f.type === 'date' ? 'date' : f.type === 'string' ? 'text' : 'number'} step={f.type === 'long' ? 1 : f.type === 'number' ? 'any' : undefined}
                min={f.min} max={f.max} minLength={f.minlength} maxLength={f.maxlength} pattern={f.pattern} />
            )}
            {problem && <p className="field-problem error-text" id={`${inputId}-problem`} role="alert" data-testid="field-problem">{problem}</p>}
          </div>
        );
      })}
      <div className="task-actions"><button type="submit" className="primary" disabled={busy} data-testid="task-complete">Complete</button></div>
    </form>
  );
}
