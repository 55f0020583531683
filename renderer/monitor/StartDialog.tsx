/** Start an instance of a definition: a business key and typed start variables, then open it. */
import { useState } from 'react';
import { api, errorText } from '../api';
import { links, navigate } from '../app/route';
import { useNotify } from '../app/notices';
import { Modal } from '../app/Modal';
import { toVariables, VariablesForm, type VarRow } from '../editor/VariablesForm';

export function StartDialog({ definitionKey, onClose }: { definitionKey: string; onClose(): void }) {
  const notify = useNotify();
  const [businessKey, setBusinessKey] = useState('');
  const [rows, setRows] = useState<VarRow[]>([{ name: '', type: 'String', value: '' }]);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function start() {
    let variables: Record<string, unknown>;
    try { variables = toVariables(rows); } catch (e) { return setProblem(errorText(e)); }
    setBusy(true);
    try {
      const { id } = await api().startInstance({ key: definitionKey, variables, businessKey: businessKey.trim() || undefined });
      notify({ kind: 'success', title: `Started ${definitionKey}` });
      onClose();
      navigate(links.instance(id));
    } catch (e) { setProblem(errorText(e)); } finally { setBusy(false); }
  }

  return (
    <Modal labelledBy="start-title" onClose={onClose} testId="start-dialog" onSubmit={() => void start()}>
      <h2 id="start-title">Start {definitionKey}</h2>
      <label>Business key (optional)
        <input value={businessKey} onChange={(e) => setBusinessKey(e.target.value)} data-testid="start-business-key" placeholder="e.g. order-1042" autoFocus />
      </label>
      <VariablesForm rows={rows} onChange={setRows} />
      {problem && <p className="error-text" role="alert" data-testid="start-error">{problem}</p>}
      <div className="modal-actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="submit" className="primary" disabled={busy} data-testid="start-submit">Start instance</button>
      </div>
    </Modal>
  );
}
