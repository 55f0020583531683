/**
 * A Camunda Form (form-js schema, as deployed with the process) rendered with @bpmn-io/form-js-viewer,
 * with the task's variables filled in and form-js's own validation. Complete submits the form: with
 * errors, form-js shows them at their fields and nothing is sent. The form is built once per schema:
 * the task is loaded again on a claim or on an event about it, and what the person typed stays (the
 * variables fill the form when it opens). This module (and form-js) is loaded only when a task has such a form.
 */
import { useEffect, useRef, useState } from 'react';
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-viewer/dist/assets/flatpickr/light.css'; // the date picker of datetime fields
import './form-js-theme.css';
import { errorText } from '../api';
import type { FormProps } from './TaskFormView';

type Schema = Parameters<Form['importSchema']>[0];

export function CamundaForm({ task, busy, onComplete }: FormProps) {
  const container = useRef<HTMLDivElement>(null);
  const form = useRef<Form>(undefined);
  const complete = useRef(onComplete);
  complete.current = onComplete;
  const [error, setError] = useState<string>();
  const [invalid, setInvalid] = useState(0);
  const initial = useRef(task.variables);
  const schema = JSON.stringify(task.form.schema);

  useEffect(() => {
    const f = new Form({ container: container.current! });
    form.current = f;
    f.on('submit', (event: { data: Record<string, unknown>; errors: Record<string, unknown> }) => {
      const errors = Object.keys(event.errors ?? {}).length;
      setInvalid(errors);
      if (!errors) complete.current(event.data);
    });
    f.importSchema(JSON.parse(schema) as Schema, initial.current).catch((e: unknown) => setError(errorText(e)));
    return () => { form.current = undefined; f.destroy(); };
  }, [schema]);

  useEffect(() => { form.current?.setProperty('readOnly', busy); }, [busy]);

  return (
    <div className="camunda-form" data-testid="task-camunda-form">
      {error && <p className="error-text" role="alert">This form cannot be shown: {error}</p>}
      <div ref={container} className="camunda-form-container" />
      {invalid > 0 && <p className="error-text small" role="alert" data-testid="camunda-form-invalid">{invalid} field{invalid === 1 ? '' : 's'} need{invalid === 1 ? 's' : ''} a fix (marked above).</p>}
      <div className="task-actions">
        <button className="primary" disabled={busy || !!error} onClick={() => form.current?.submit()} data-testid="task-complete">Complete</button>
      </div>
    </div>
  );
}
