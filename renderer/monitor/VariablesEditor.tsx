/**
 * The variables of an instance. While it runs, each can be edited (typed: String, Number, Boolean,
 * JSON) or deleted, and new ones added — e.g. the variable an incident says is missing, before Retry.
 * A finished instance's variables are read-only.
 */
import { useState } from 'react';
import { api, errorText } from '../api';
import { useNotify } from '../app/notices';
import { useConfirm } from '../app/ConfirmDialog';
import { VariablesView } from './VariablesView';
import { parseTyped, toText, typeOf, VAR_TYPES, type VarType } from './variableTypes';

interface Draft { name: string; type: VarType; text: string; isNew: boolean }

export function VariablesEditor({ instanceId, variables, editable, onChanged }:
  { instanceId: string; variables: Record<string, unknown>; editable: boolean; onChanged(): void }) {
  const notify = useNotify();
  const { confirm, dialog } = useConfirm();
  const [draft, setDraft] = useState<Draft>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (!editable) return <VariablesView variables={variables} />;

  async function send(changes: Record<string, unknown>, done: string) {
    setBusy(true);
    try {
      await api().setVariables({ id: instanceId, variables: changes });
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
    if (draft.isNew && name in variables) return setProblem(`"${name}" exists already: edit it instead`);
    const parsed = parseTyped(draft.text, draft.type);
    if ('error' in parsed) return setProblem(`${name}: ${parsed.error}`);
    void send({ [name]: parsed.value }, `Variable ${name} saved`);
  }

  const edit = (name: string) => { const type = typeOf(variables[name]); setProblem(undefined); setDraft({ name, type, text: toText(variables[name], type), isNew: false }); };
  const entries = Object.entries(variables).sort(([a], [b]) => a.localeCompare(b));

  const form = draft && (
    <form className="var-edit" data-testid="variable-form" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <div className="var-edit-row">
        <input aria-label="Variable name" placeholder="name" value={draft.name} readOnly={!draft.isNew} autoFocus={draft.isNew}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="variable-name" />
        <select aria-label="Variable type" value={draft.type} data-testid="variable-type"
          onChange={(e) => { const type = e.target.value as VarType; setDraft({ ...draft, type, text: type === 'Boolean' ? 'true' : draft.text }); }}>
          {VAR_TYPES.map((t) => <option key={t}>{t}</option>)}
        </select>
      </div>
      {draft.type === 'Boolean' ? (
        <select aria-label="Variable value" value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} data-testid="variable-value">
          <option>true</option><option>false</option>
        </select>
      ) : draft.type === 'JSON' ? (
        <textarea aria-label="Variable value" rows={4} value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} data-testid="variable-value" className="code-input" />
      ) : (
        <input aria-label="Variable value" value={draft.text} autoFocus={!draft.isNew} onChange={(e) => setDraft({ ...draft, text: e.target.value })} data-testid="variable-value" />
      )}
      {problem && <p className="error-text small" role="alert" data-testid="variable-error">{problem}</p>}
      <div className="var-edit-actions">
        <button type="button" onClick={() => { setDraft(undefined); setProblem(undefined); }}>Cancel</button>
        <button type="submit" className="primary" disabled={busy} data-testid="variable-save">Save</button>
      </div>
    </form>
  );

  return (
    <div>
      {dialog}
      <dl className="variables" data-testid="instance-variables">
        {entries.map(([name, value]) => draft && !draft.isNew && draft.name === name ? <div key={name}>{form}</div> : (
          <div key={name} className="variable editable" data-testid="variable" data-name={name}>
            <dt>{name}</dt>
            <dd><VariablesView.Value value={value} /></dd>
            <span className="var-actions">
              <button className="link-button" onClick={() => edit(name)} aria-label={`Edit ${name}`} data-testid="variable-edit">Edit</button>
              <button className="link-button danger-link" aria-label={`Delete ${name}`} data-testid="variable-delete"
                onClick={() => confirm({ title: `Delete variable ${name}?`, body: 'The running instance no longer sees it.', confirmLabel: 'Delete', danger: true,
                  onConfirm: () => void send({ [name]: null }, `Variable ${name} deleted`) })}>Delete</button>
            </span>
          </div>
        ))}
        {!entries.length && !draft && <p className="muted">No variables.</p>}
      </dl>
      {draft?.isNew ? form : (
        <button className="link-button add-variable" data-testid="variable-add"
          onClick={() => { setProblem(undefined); setDraft({ name: '', type: 'String', text: '', isNew: true }); }}>+ Add variable</button>
      )}
      {problem && !draft && <p className="error-text small" role="alert">{problem}</p>}
    </div>
  );
}
