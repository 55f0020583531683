/** Ask the local model: choose a model, stream the answer (ai-token events), keep the history. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AskResult } from '../../common/contract';
import { api, errorText } from '../api';
import { useKernelEvent } from '../app/events';
import { useLive } from '../app/useLive';
import { AiHistory } from './AiHistory';

export function AiPanel() {
  const [models, setModels] = useState<string[]>([]);
  const [model, setModel] = useState('');
  const [question, setQuestion] = useState('');
  const [streamed, setStreamed] = useState('');
  const [result, setResult] = useState<AskResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const requestId = useRef<string>(undefined);
  const history = useLive(() => api().aiHistory(), [], () => false);

  useEffect(() => {
    api().models().then((m) => { setModels(m); setModel((cur) => cur || m[0] || ''); }, (e) => setError(errorText(e)));
  }, []);

  useKernelEvent((e) => {
    if (e.type === 'ai-token' && e.requestId === requestId.current) setStreamed((s) => s + e.token);
  });

  async function ask(e: FormEvent) {
    e.preventDefault();
    if (!question.trim() || busy) return;
    requestId.current = crypto.randomUUID();
    setBusy(true); setStreamed(''); setResult(undefined); setError(undefined);
    try {
      setResult(await api().ask({ question, model: model || undefined, requestId: requestId.current }));
      history.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const answer = result?.answer ?? streamed;
  return (
    <div className="ai" data-testid="ai-panel">
      <section className="panel ai-ask">
        <h2>Ask the local model</h2>
        <form onSubmit={ask} className="ai-form">
          <label htmlFor="ai-question">Question</label>
          <textarea id="ai-question" rows={3} value={question} onChange={(e) => setQuestion(e.target.value)} data-testid="ai-question"
            placeholder="e.g. What is BPMN?" onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) ask(e); }} />
          <div className="ai-controls">
            <label>Model
              <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="ai-model">
                {models.map((m) => <option key={m}>{m}</option>)}
              </select>
            </label>
            <span className="spacer" />
            <button className="primary" type="submit" disabled={busy || !question.trim()} data-testid="ai-ask">{busy ? 'Thinking…' : 'Ask'}</button>
          </div>
        </form>
        {error && <p className="error-text" role="alert" data-testid="ai-error">{error}</p>}
        {(answer || busy) && (
          <div className="ai-answer" data-testid="ai-answer" data-done={!!result} aria-live="polite">
            <p>{answer}{!result && <span className="caret" aria-hidden>▍</span>}</p>
            {result && (
              <p className="muted small" data-testid="ai-meta">
                {result.provider} · {result.model} · {(result.durationMs / 1000).toFixed(1)} s
                {result.completionTokens != null && ` · ${result.completionTokens} tokens`}
              </p>
            )}
          </div>
        )}
      </section>
      <AiHistory entries={history.data} error={history.error} />
    </div>
  );
}
