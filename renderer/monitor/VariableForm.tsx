/** Edits one variable (or a new one): name, type (String, Number, Boolean, JSON) and value, checked before it is sent. */
import type { Dispatch, SetStateAction } from 'react';
import { VAR_TYPES, type VarType } from './variableTypes';

export interface Draft { name: string; type: VarType; text: string; isNew: boolean }

interface Props {
  draft: Draft; setDraft: Dispatch<SetStateAction<Draft | undefined>>; problem?: string; busy: boolean;
  onSave(): void; onCancel(): void;
}

export function VariableForm({ draft, setDraft, problem, busy, onSave, onCancel }: Props) {
  const text = (value: string) => setDraft({ ...draft, text: value });
  return (
    <form className="var-edit" data-testid="variable-form" onSubmit={(e) => { e.preventDefault(); onSave(); }}
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onCancel(); } }}>
      <div className="var-edit-row">
        <input aria-label="Variable name" placeholder="name" value={draft.name} readOnly={!draft.isNew} autoFocus={draft.isNew}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="variable-name" />
        <select aria-label="Variable type" value={draft.type} data-testid="variable-type"
          onChange={(e) => { const type = e.target.value as VarType; setDraft({ ...draft, type, text: type === 'Boolean' ? 'true' : draft.text }); }}>
          {VAR_TYPES.map((t) => <option key={t}>{t}</option>)}
        </select>
      </div>
      {draft.type === 'Boolean' ? (
        <select aria-label="Variable value" value={draft.text} onChange={(e) => text(e.target.value)} data-testid="variable-value">
          <option>true</option><option>false</option>
        </select>
      ) : draft.type === 'JSON' ? (
        <textarea aria-label="Variable value" rows={4} value={draft.text} onChange={(e) => text(e.target.value)} data-testid="variable-value" className="code-input" />
      ) : (
        <input aria-label="Variable value" value={draft.text} autoFocus={!draft.isNew} onChange={(e) => text(e.target.value)} data-testid="variable-value"
          inputMode={draft.type === 'Number' ? 'decimal' : undefined} />
      )}
      {problem && <p className="error-text small" role="alert" data-testid="variable-error">{problem}</p>}
      <div className="var-edit-actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary" disabled={busy} data-testid="variable-save">Save</button>
      </div>
    </form>
  );
}
