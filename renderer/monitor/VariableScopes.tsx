/**
 * The variables of an instance under their scope, as Cockpit lists them: the process instance's own,
 * then each step's (a task's input parameters are its own: a template's `url` lives there). While the
 * instance runs, each can be edited (typed: String, Number, Boolean, JSON) or deleted and new ones added
 * — in the scope they belong to, so a fixed input is what the step reads when it is retried.
 */
import { useState } from 'react';
import type { InstanceVariable } from '../../common/contract';
import { api, errorText } from '../api';
import { useNotify } from '../app/notices';
import { useConfirm } from '../app/ConfirmDialog';
import { VariableForm, type Draft } from './VariableForm';
import { VariableValue } from './VariablesView';
import { editType, parseTyped, toText } from './variableTypes';

interface Scope { activityInstanceId?: string; activityId?: string; variables: InstanceVariable[] }

/** The scopes in the order the kernel lists variables: the process instance first, then each step's. */
export function scopesOf(variables: InstanceVariable[]): Scope[] {
  const scopes: Scope[] = [{ variables: [] }];
  for (const v of variables) {
    let scope = scopes.find((s) => s.activityInstanceId === v.activityInstanceId);
    if (!scope) scopes.push(scope = { activityInstanceId: v.activityInstanceId, activityId: v.activityId, variables: [] });
    scope.variables.push(v);
  }
  return scopes;
}

interface Props {
  instanceId: string; variables: InstanceVariable[]; editable: boolean;
  /** a step's name by activity id */
  stepName(activityId?: string): string | undefined;
  /** activities with an open incident: their scope is marked */
  failing: string[];
  onChanged(): void;
}

export function VariableScopes({ instanceId, variables, editable, stepName, failing, onChanged }: Props) {
  return (
    <div className="var-scopes" data-testid="instance-variables">
      {scopesOf(variables).map((scope) => (
        <ScopeVariables key={scope.activityInstanceId ?? 'process'} instanceId={instanceId} scope={scope} editable={editable}
          title={scope.activityId ? stepName(scope.activityId) ?? scope.activityId : 'Process instance'}
          failing={!!scope.activityId && failing.includes(scope.activityId)} onChanged={onChanged} />
      ))}
    </div>
  );
}

interface ScopeProps { instanceId: string; scope: Scope; title: string; editable: boolean; failing: boolean; onChanged(): void }

function ScopeVariables({ instanceId, scope, title, editable, failing, onChanged }: ScopeProps) {
  const notify = useNotify();
  const { confirm, dialog } = useConfirm();
  const [draft, setDraft] = useState<Draft>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const key = scope.activityInstanceId ?? 'process';
  const where = scope.activityId ? `step “${title}”` : 'the process instance';

  async function send(changes: Record<string, unknown>, done: string) {
    setBusy(true);
    try {
      await api().setVariables({ id: instanceId, variables: changes, activityInstanceId: scope.activityInstanceId });
      notify({ kind: 'success', title: done });
      setDraft(undefined); setProblem(undefined);
      onChanged();
    } catch (e) {
      setProblem(errorText(e)); // the draft stays as typed: nothing is lost
    } finally { setBusy(false); }
  }

  function save() {
    if (!draft) return;
    const name = draft.name.trim();
    if (!name) return setProblem('give the variable a name');
    if (draft.isNew && scope.variables.some((v) => v.name === name)) return setProblem(`"${name}" exists already in ${where}: edit it instead`);
    const parsed = parseTyped(draft.text, draft.type);
    if ('error' in parsed) return setProblem(`${name}: ${parsed.error}`);
    void send({ [name]: parsed.value }, `Variable ${name} saved in ${where}`);
  }

  const edit = (v: InstanceVariable) => {
    const type = editType(v);
    setProblem(undefined);
    setDraft({ name: v.name, type, text: v.value == null ? '' : toText(v.value, type), isNew: false });
  };
  const cancel = () => { setDraft(undefined); setProblem(undefined); };
  const form = draft && <VariableForm draft={draft} setDraft={setDraft} problem={problem} busy={busy} onSave={save} onCancel={cancel} />;
  const headingId = `var-scope-${key.replace(/[^\w-]/g, '_')}`;

  return (
    <section className={failing ? 'var-scope var-scope-failing' : 'var-scope'} aria-labelledby={headingId}
      data-testid="variable-scope" data-scope={scope.activityId ?? 'process'} data-activity-instance={scope.activityInstanceId}>
      {dialog}
      <h4 id={headingId}>
        {title}
        {scope.activityId && <span className="muted small"> · step {failing && <span className="bad-text">· failed here</span>}</span>}
      </h4>
      {scope.variables.length > 0 && (
        <table className="table var-table">
          <thead><tr><th scope="col">Name</th><th scope="col">Value</th>{editable && <th scope="col"><span className="sr-only">Actions</span></th>}</tr></thead>
          <tbody>
            {scope.variables.map((v) => draft && !draft.isNew && draft.name === v.name ? (
              <tr key={v.name}><td colSpan={3}>{form}</td></tr>
            ) : (
              <tr key={v.name} data-testid="variable" data-name={v.name} data-scope={scope.activityId ?? 'process'}>
                <th scope="row" className="var-name">{v.name}<div className="muted small" data-testid="variable-type-label">{v.type}</div></th>
                <td className="var-value"><VariableValue value={v.value} /></td>
                {editable && (
                  <td className="var-actions">
                    <button className="link-button" onClick={() => edit(v)} aria-label={`Edit ${v.name}`} data-testid="variable-edit">Edit</button>
                    <button className="link-button danger-link" aria-label={`Delete ${v.name}`} data-testid="variable-delete"
                      onClick={() => confirm({ title: `Delete variable ${v.name}?`, body: `${where[0].toUpperCase()}${where.slice(1)} no longer sees it.`, confirmLabel: 'Delete', danger: true,
                        onConfirm: () => void send({ [v.name]: null }, `Variable ${v.name} deleted`) })}>Delete</button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!scope.variables.length && !draft && <p className="muted small">No variables.</p>}
      {editable && (draft?.isNew ? form : (
        <button className="link-button add-variable" data-testid="variable-add" data-scope={scope.activityId ?? 'process'}
          onClick={() => { setProblem(undefined); setDraft({ name: '', type: 'String', text: '', isNew: true }); }}>
          + Add variable<span className="sr-only"> to {where}</span>
        </button>
      ))}
      {problem && !draft && <p className="error-text small" role="alert">{problem}</p>}
    </section>
  );
}
