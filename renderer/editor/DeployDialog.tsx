/** Deploy / Deploy & Run: shows the bpmnlint findings first, then deploys (and starts an instance). */
import { useEffect, useState } from 'react';
import { Modal } from '../app/Modal';
import { api, errorText } from '../api';
import { useNotify } from '../app/notices';
import { links, navigate } from '../app/route';
import { deployNotice } from '../deploy/deployNotice';
import { lintDefinitions, type Finding } from './lint';
import { toVariables, VariablesForm, type VarRow } from './VariablesForm';
import { draftStartRows } from './draftStart';

interface Props {
  mode: 'deploy' | 'run';
  fileName: string;
  processKey?: string;
  definitions(): unknown;
  xml(): Promise<string>;
  selectElement(id: string): void;
  /** files deployed along (the open forms the diagram refers to) */
  forms?(): Promise<{ name: string; xml: string }[]>;
  onClose(): void;
}

export function DeployDialog({ mode, fileName, processKey, definitions, xml, selectElement, forms, onClose }: Props) {
  const notify = useNotify();
  const [findings, setFindings] = useState<Finding[]>();
  const [rows, setRows] = useState<VarRow[]>(() => (mode === 'run' ? draftStartRows(processKey) : [])); // a copilot draft's start variables
  const [businessKey, setBusinessKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => { lintDefinitions(definitions()).then(setFindings, (e) => setError(errorText(e))); }, [definitions]);

  const errors = findings?.filter((f) => f.category === 'error').length ?? 0;

  async function submit() {
    setBusy(true);
    setError(undefined);
    try {
      const variables = mode === 'run' ? toVariables(rows) : {};
      const result = await api().deploy({ files: [{ name: fileName, xml: await xml() }, ...(await forms?.() ?? [])] });
      notify(deployNotice(result));
      if (!result.ok) return onClose();
      if (mode === 'run') {
        const key = result.processes.find((p) => p.key === processKey)?.key ?? result.processes[0]?.key;
        const { id } = await api().startInstance({ key, variables, businessKey: businessKey.trim() || undefined });
        navigate(links.instance(id));
        // the instance is on screen now: its link shows only once the user is elsewhere
        notify({ kind: 'success', testId: 'started-notice', title: `Started ${key}`, actions: [{ label: `Open instance ${id.slice(0, 8)}`, href: links.instance(id), testId: 'started-instance-link' }] });
      }
      onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal labelledBy="deploy-title" onClose={onClose} testId="deploy-dialog">
      <h2 id="deploy-title">{mode === 'run' ? 'Deploy and start' : 'Deploy diagram'}</h2>
      <p className="muted">{fileName}{processKey && <> · process <code>{processKey}</code></>}</p>
      <section aria-label="Lint findings" data-testid="lint-findings" data-errors={errors}>
        {!findings && !error && <p className="muted">Checking the diagram…</p>}
        {findings?.length === 0 && <p className="ok-text">✓ No problems found by bpmnlint</p>}
        {!!findings?.length && (
          <>
            <p>{errors ? `${errors} error(s) — the engine may reject this diagram.` : 'Warnings only.'}</p>
            <ul className="findings">
              {findings.map((f, i) => (
                <li key={i} className={`finding finding-${f.category}`} data-testid="lint-finding">
                  <span className="finding-cat">{f.category}</span>
                  {f.elementId ? <button className="link-button" onClick={() => selectElement(f.elementId!)}>{f.elementId}</button> : null}
                  <span>{f.message}</span>
                  <span className="muted"> ({f.rule})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {mode === 'run' && (
        <>
          <label>Business key (optional)
            <input value={businessKey} onChange={(e) => setBusinessKey(e.target.value)} placeholder="e.g. order-1042" data-testid="deploy-business-key" />
          </label>
          <VariablesForm rows={rows} onChange={setRows} />
        </>
      )}
      {error && <p className="error-text" role="alert" data-testid="deploy-dialog-error">{error}</p>}
      <div className="modal-actions">
        <button onClick={onClose}>Cancel</button>
        <button className="primary" disabled={busy || !findings} onClick={submit} data-testid="deploy-confirm">
          {busy ? 'Deploying…' : mode === 'run' ? 'Deploy & start' : errors ? 'Deploy anyway' : 'Deploy'}
        </button>
      </div>
    </Modal>
  );
}
