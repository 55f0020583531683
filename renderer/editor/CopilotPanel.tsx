/**
 * The offline copilot in the editor. "Draft from description" reads the words into a process: the
 * phases (reading → structure → wording → checking) show with their elapsed time, the diagram opens
 * on the canvas as soon as its structure exists (a preview tab, replaced as the model words it and
 * once the draft is checked), and the result lists findings and the start variables — which Deploy &
 * Run of the draft then has filled in. "Explain" describes the open diagram: the model's summary as
 * it streams, then every step and decision. Stop ends either (cancelAsk). Only the API client is used.
 */
import { useEffect, useRef, useState } from 'react';
import type { CopilotPhase, DraftResult, ExplainResult } from '../../common/contract';
import { api, errorText } from '../api';
import { rememberDraftStart } from './draftStart';
import { openInNewTab } from './tabs';

export type CopilotMode = 'draft' | 'explain';

interface Props {
  mode: CopilotMode;
  /** the open diagram's XML (for Explain) */
  xml?: () => Promise<string>;
  onClose: () => void;
}

const PHASES: Record<CopilotMode, { phase: CopilotPhase; label: string }[]> = {
  draft: [
    { phase: 'reading', label: 'Reading the description' },
    { phase: 'structure', label: 'Structure from the words' },
    { phase: 'wording', label: 'Wording by the model' },
    { phase: 'checking', label: 'Checking' },
  ],
  explain: [
    { phase: 'reading', label: 'Reading the diagram' },
    { phase: 'wording', label: 'Summary by the model' },
  ],
};

interface Progress { phase: CopilotPhase; detail: string; startedMs: number; ms: Partial<Record<CopilotPhase, number>>; details: Partial<Record<CopilotPhase, string>> }

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const processKeyOf = (xml: string) => /<bpmn:process id="([^"]+)"/.exec(xml)?.[1] ?? 'draft';

export function CopilotPanel({ mode, xml, onClose }: Props) {
  const [description, setDescription] = useState('');
  const [models, setModels] = useState<string[]>([]);
  const [model, setModel] = useState('');
  const [requestId, setRequestId] = useState<string>();
  const [progress, setProgress] = useState<Progress>();
  const [now, setNow] = useState(0);
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<DraftResult>();
  const [explained, setExplained] = useState<ExplainResult>();
  const current = useRef<string | undefined>(undefined);
  /** the tab showing the draft so far: replaced by the next one while nobody has touched it */
  const preview = useRef<string | undefined>(undefined);
  const started = useRef(0);

  useEffect(() => { api().models().then(setModels, () => setModels([])); }, []);
  useEffect(() => api().onEvent((e) => {
    if ((e.type !== 'ai-token' && e.type !== 'copilot') || e.requestId !== current.current) return;
    if (e.type === 'ai-token') { if (e.token && mode === 'explain') setSummary((s) => s + e.token); return; }
    setProgress((p) => {
      const ms = { ...p?.ms };
      if (p && p.phase !== e.phase) ms[p.phase] = e.elapsedMs - p.startedMs;
      return { phase: e.phase, detail: e.detail, startedMs: p?.phase === e.phase ? p.startedMs : e.elapsedMs, ms, details: { ...p?.details, [e.phase]: e.detail } };
    });
    if (e.xml) {
      const key = processKeyOf(e.xml);
      preview.current = openInNewTab({ name: `${key}.bpmn`, xml: e.xml }, { isNew: true, replaces: preview.current });
    }
  }), [mode]);
  useEffect(() => {
    if (!requestId) return;
    const timer = setInterval(() => setNow(performance.now() - started.current), 100);
    return () => clearInterval(timer);
  }, [requestId]);

  const start = async (work: (id: string) => Promise<void>) => {
    const id = `copilot-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    current.current = id;
    preview.current = undefined;
    started.current = performance.now();
    setRequestId(id); setNow(0); setProgress(undefined); setSummary(''); setError(undefined); setResult(undefined); setExplained(undefined);
    try { await work(id); } catch (err) { setError(errorText(err)); } finally {
      current.current = undefined; setRequestId(undefined); setNow(performance.now() - started.current); // the time it took
    }
  };

  const draft = () => start(async (id) => {
    const r = await api().draft({ description, model: model || undefined, requestId: id });
    rememberDraftStart(r.processKey, r.startVariables);
    openInNewTab({ name: r.fileName, xml: r.xml, dirty: true }, { replaces: preview.current });
    preview.current = undefined;
    setResult(r);
  });
  const explain = () => start(async (id) => {
    const text = await xml?.();
    if (!text) throw new Error('open a diagram first');
    setExplained(await api().explain({ xml: text, model: model || undefined, requestId: id }));
  });
  useEffect(() => { if (mode === 'explain') void explain(); }, [mode]); // eslint-disable-line react-hooks/exhaustive-deps

  const busy = !!requestId;
  const phases = PHASES[mode];
  const reached = progress ? phases.findIndex((p) => p.phase === progress.phase) : -1;
  const finished = progress?.phase === 'done' || !!result || !!explained;
  return (
    <aside className="copilot-panel" aria-label={mode === 'draft' ? 'Draft from description' : 'Explain the diagram'} data-testid="copilot-panel">
      <header>
        <strong>{mode === 'draft' ? 'Draft from description' : 'Explain the diagram'}</strong>
        <button onClick={onClose} aria-label="Close" data-testid="copilot-close">×</button>
      </header>
      {mode === 'draft' && (
        <>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={5} disabled={busy} data-testid="copilot-description" aria-label="Description"
            placeholder="When a support ticket arrives, validate it. If the priority is above 3, the team lead reviews it; otherwise email the customer that we received it." />
          <div className="row">
            <select value={model} onChange={(e) => setModel(e.target.value)} disabled={busy} aria-label="Model" data-testid="copilot-model">
              <option value="">default model</option>
              {models.map((m) => <option key={m} value={m}>{m}</option>)}
            </select>
            <button className="primary" onClick={() => void draft()} disabled={busy || !description.trim()} data-testid="copilot-draft">Draft</button>
          </div>
        </>
      )}
      {/* the answer may come before its last phase events (their stream is its own): it shows them done */}
      {(busy || progress || finished) && (
        <ol className="copilot-phases" data-testid="copilot-phases" aria-live="polite">
          {phases.map((p, i) => {
            const state = finished || i < reached ? 'done' : i === reached && busy ? 'running' : i === reached ? 'stopped' : 'waiting';
            // the phase it was in when the answer came has no end event yet: it took until the answer
            const ms = state === 'done' ? progress?.ms[p.phase] ?? (p.phase === progress?.phase ? now - progress.startedMs : undefined)
              : state === 'running' ? now - (progress?.startedMs ?? 0) : undefined;
            return (
              <li key={p.phase} className={state} data-phase={p.phase} data-state={state} data-testid="copilot-phase">
                <span className="mark" aria-hidden="true">{state === 'done' ? '✓' : state === 'running' ? '…' : '·'}</span>
                <span className="label">{p.label}</span>
                {ms !== undefined && <span className="time">{seconds(Math.max(0, ms))}</span>}
                {(state === 'running' || state === 'done') && progress?.details[p.phase] && <span className="detail">{progress.details[p.phase]}</span>}
              </li>
            );
          })}
        </ol>
      )}
      {busy && (
        <div className="row">
          <span className="muted" data-testid="copilot-elapsed">{seconds(now)}</span>
          <button onClick={() => void api().cancelAsk({ requestId: requestId! })} data-testid="copilot-stop">Stop</button>
        </div>
      )}
      {error && <p className="error" role="alert" data-testid="copilot-error">{error}</p>}
      {mode === 'explain' && (summary || explained) && (
        <div className="copilot-answer" data-testid="copilot-answer">
          <p>{explained?.summary ?? summary}</p>
          {explained && <ol className="copilot-steps" data-testid="copilot-steps">{explained.steps.split('\n').map((line, i) => <li key={i}>{line.replace(/^\d+\.\s*/, '')}</li>)}</ol>}
        </div>
      )}
      {result && (
        <div data-testid="copilot-result">
          <p>{result.valid ? '✓' : '✗'} <code>{result.processKey}</code> opened in a new tab — diagram after {seconds(result.firstDiagramMs)}, done after {seconds(result.durationMs)}.</p>
          <p className="muted" data-testid="copilot-wording">The structure follows your words; {result.model} worded {result.wording.accepted} of {result.wording.asked} texts{result.wording.rejected.length ? ' (the others kept your words)' : ''}.</p>
          {result.qualityNote && <p className="muted" data-testid="copilot-quality">{result.qualityNote}</p>}
          {result.findings.length > 0 && (
            <ul data-testid="copilot-findings">
              {result.findings.map((f, i) => <li key={i} className={f.severity}>{f.severity === 'error' ? '✗' : '⚠'} {f.message}{f.element ? ` [${f.element}]` : ''}</li>)}
            </ul>
          )}
          {result.startVariables.length > 0 && (
            <div data-testid="copilot-start-variables">
              <p>Give at start (Deploy &amp; Run fills these in):</p>
              <ul>{result.startVariables.map((v) => <li key={v.name} title={v.why}><code>{v.name}</code> <span className="muted">{v.format ?? v.type} — {v.why}</span></li>)}</ul>
            </div>
          )}
        </div>
      )}
    </aside>
  );
}
