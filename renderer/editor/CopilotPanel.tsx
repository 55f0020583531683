/**
 * The offline copilot in the editor: "Draft from description" asks the local model for a plan and
 * opens the validated BPMN in a new, unsaved tab (findings listed here, lint in the Problems panel);
 * "Explain" describes the open diagram in plain words. Both stream the model's tokens while it works
 * and Stop ends them (cancelAsk). Only the API client is used.
 */
import { useEffect, useRef, useState } from 'react';
import type { DraftResult } from '../../common/contract';
import { api, errorText } from '../api';
import { openInNewTab } from './tabs';

export type CopilotMode = 'draft' | 'explain';

interface Props {
  mode: CopilotMode;
  /** the open diagram's XML (for Explain) */
  xml?: () => Promise<string>;
  onClose: () => void;
}

export function CopilotPanel({ mode, xml, onClose }: Props) {
  const [description, setDescription] = useState('');
  const [models, setModels] = useState<string[]>([]);
  const [model, setModel] = useState('');
  const [requestId, setRequestId] = useState<string>();
  const [stream, setStream] = useState('');
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<DraftResult>();
  const [answer, setAnswer] = useState<string>();
  const current = useRef<string | undefined>(undefined);

  useEffect(() => { api().models().then(setModels, () => setModels([])); }, []);
  useEffect(() => api().onEvent((e) => {
    if (e.type === 'ai-token' && e.requestId === current.current && e.token) setStream((s) => s + e.token);
  }), []);

  const start = async (work: (id: string) => Promise<void>) => {
    const id = `copilot-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    current.current = id;
    setRequestId(id); setStream(''); setError(undefined); setResult(undefined); setAnswer(undefined);
    try { await work(id); } catch (err) { setError(errorText(err)); } finally { current.current = undefined; setRequestId(undefined); }
  };

  const draft = () => start(async (id) => {
    const r = await api().draft({ description, model: model || undefined, requestId: id });
    setResult(r);
    openInNewTab({ name: r.fileName, xml: r.xml, dirty: true });
  });
  const explain = () => start(async (id) => {
    const text = await xml?.();
    if (!text) throw new Error('open a diagram first');
    setAnswer((await api().explain({ xml: text, model: model || undefined, requestId: id })).answer);
  });
  useEffect(() => { if (mode === 'explain') void explain(); }, [mode]); // eslint-disable-line react-hooks/exhaustive-deps

  const busy = !!requestId;
  return (
    <aside className="copilot-panel" aria-label={mode === 'draft' ? 'Draft from description' : 'Explain the diagram'} data-testid="copilot-panel">
      <header>
        <strong>{mode === 'draft' ? 'Draft from description' : 'Explain the diagram'}</strong>
        <button onClick={onClose} aria-label="Close" data-testid="copilot-close">×</button>
      </header>
      {mode === 'draft' && (
        <>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={5} disabled={busy} data-testid="copilot-description"
            placeholder="When an order arrives, check the amount; above 500 a manager approves, else fetch the customer record and email a confirmation." />
          <div className="row">
            <select value={model} onChange={(e) => setModel(e.target.value)} disabled={busy} aria-label="Model" data-testid="copilot-model">
              <option value="">default model</option>
              {models.map((m) => <option key={m} value={m}>{m}</option>)}
            </select>
            <button className="primary" onClick={() => void draft()} disabled={busy || !description.trim()} data-testid="copilot-draft">Draft</button>
          </div>
        </>
      )}
      {busy && <button onClick={() => void api().cancelAsk({ requestId: requestId! })} data-testid="copilot-stop">Stop</button>}
      {(busy || (stream && !answer)) && <pre className="copilot-stream" data-testid="copilot-stream">{stream || 'The model is thinking…'}</pre>}
      {error && <p className="error" role="alert" data-testid="copilot-error">{error}</p>}
      {answer !== undefined && <div className="copilot-answer" data-testid="copilot-answer">{answer}</div>}
      {result && (
        <div data-testid="copilot-result">
          <p>{result.valid ? '✓' : '✗'} {result.processKey} opened in a new tab{result.parsed ? '' : ' (the model gave no usable plan: a minimal draft)'}.</p>
          {result.qualityNote && <p className="muted" data-testid="copilot-quality">{result.qualityNote}</p>}
          {result.findings.length > 0 && (
            <ul data-testid="copilot-findings">
              {result.findings.map((f, i) => <li key={i} className={f.severity}>{f.severity === 'error' ? '✗' : '⚠'} {f.message}{f.element ? ` [${f.element}]` : ''}</li>)}
            </ul>
          )}
          {result.startVariables.length > 0 && <p className="muted">Give at start: {result.startVariables.map((v) => `${v.name} (${v.type})`).join(', ')}</p>}
        </div>
      )}
    </aside>
  );
}
