/**
 * The form of a task, by kind: a Camunda Form (form-js, loaded only when a task has one), the fields of
 * a generated form or of what the next steps read (native, labelled inputs with their constraints), or,
 * when nothing is known, a free list of variables.
 */
import { lazy, Suspense, useState } from 'react';
import type { UserTaskDetail } from '../../common/contract';
import { toVariables, VariablesForm, type VarRow } from '../editor/VariablesForm';
import { errorText } from '../api';
import { FieldsForm } from './FieldsForm';

const CamundaForm = lazy(() => import('./CamundaForm').then((m) => ({ default: m.CamundaForm })));

export interface FormProps { task: UserTaskDetail; busy: boolean; onComplete(variables: Record<string, unknown>): void }

export function TaskFormView({ task, busy, onComplete }: FormProps) {
  const { form } = task;
  if (form.kind === 'camunda-form') {
    return <Suspense fallback={<p className="muted">Loading the form…</p>}><CamundaForm task={task} busy={busy} onComplete={onComplete} /></Suspense>;
  }
  if (form.fields.length) {
    return (
      <>
        {form.kind === 'none' && <p className="muted small">No form: these are what the next steps read.</p>}
        <FieldsForm fields={form.fields} variables={task.variables} busy={busy} onComplete={onComplete} />
      </>
    );
  }
  return <FreeForm busy={busy} onComplete={onComplete} />;
}

/** No form and nothing known to be read next: complete as is, or with variables of your choice. */
function FreeForm({ busy, onComplete }: Omit<FormProps, 'task'>) {
  const [rows, setRows] = useState<VarRow[]>([]);
  const [problem, setProblem] = useState<string>();
  const submit = () => {
    try { setProblem(undefined); onComplete(toVariables(rows)); } catch (e) { setProblem(errorText(e)); }
  };
  return (
    <div className="free-form" data-testid="task-free-form">
      <p className="muted small">This step has no form. Add variables for the steps after it, if they need any.</p>
      <VariablesForm rows={rows} onChange={setRows} legend="Variables to set" />
      {problem && <p className="error-text" role="alert">{problem}</p>}
      <div className="task-actions"><button className="primary" disabled={busy} onClick={submit} data-testid="task-complete">Complete</button></div>
    </div>
  );
}
