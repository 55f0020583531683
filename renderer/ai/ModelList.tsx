/**
 * The models Ollama has, each with its size on disk, like Ollama's app: pull one by name (a progress
 * bar driven by the kernel's `model-pull` events), delete one after a confirmation. The default
 * model ProcOS falls back to has no Delete.
 */
import { useState, type FormEvent } from 'react';
import type { KernelEvent, ModelInfo } from '../../common/contract';
import { api, errorText } from '../api';
import { useConfirm } from '../app/ConfirmDialog';
import { useKernelEvent } from '../app/events';

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const i = Math.min(units.length - 1, Math.floor(Math.log(n) / Math.log(1000)));
  return `${(n / 1000 ** i).toFixed(i >= 3 ? 1 : 0)} ${units[i]}`;
}

type Pull = Pick<Extract<KernelEvent, { type: 'model-pull' }>, 'name' | 'status' | 'completed' | 'total' | 'done' | 'error'>;

export function ModelList({ models, error, onChanged }: { models?: ModelInfo[]; error?: string; onChanged(): void }) {
  const [name, setName] = useState('');
  const [pull, setPull] = useState<Pull>();
  const [problem, setProblem] = useState<string>();
  const { confirm, dialog } = useConfirm();
  const pulling = !!pull && !pull.done;

  // progress comes as events: also for a pull started before this screen was opened
  useKernelEvent((e) => {
    if (e.type !== 'model-pull' || (pulling && e.name !== pull.name)) return;
    setPull(e);
    if (e.done && !e.error) onChanged();
  });

  function startPull(e: FormEvent) {
    e.preventDefault();
    const wanted = name.trim();
    if (!wanted || pulling) return;
    setProblem(undefined);
    setPull({ name: wanted, status: 'starting' });
    api().pullModel({ name: wanted }).then(
      (model) => { setPull({ name: wanted, status: `pulled ${model.name}`, done: true }); setName(''); onChanged(); },
      (err) => setPull({ name: wanted, status: 'failed', done: true, error: errorText(err) }),
    );
  }

  function askDelete(m: ModelInfo) {
    confirm({
      title: `Delete ${m.name}?`,
      body: `Ollama removes it from this computer (${formatBytes(m.size)}). Pull it again to get it back.`,
      confirmLabel: 'Delete', danger: true,
      onConfirm: () => {
        setProblem(undefined);
        api().deleteModel({ name: m.name }).then(onChanged, (err) => setProblem(errorText(err)));
      },
    });
  }

  const percent = pull?.total ? Math.min(100, Math.floor(((pull.completed ?? 0) / pull.total) * 100)) : undefined;
  return (
    <section className="ai-models" aria-labelledby="ai-models-title" data-testid="ai-models">
      <h3 id="ai-models-title">Models</h3>
      <form className="ai-pull" onSubmit={startPull}>
        <label htmlFor="ai-pull-name" className="sr-only">Model to pull</label>
        <input id="ai-pull-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. llama3.2:1b"
          data-testid="ai-pull-name" disabled={pulling} />
        <button type="submit" disabled={!name.trim() || pulling} data-testid="ai-pull">Pull</button>
      </form>
      {pull && !pull.error && (
        <div className="ai-pull-state" data-testid="ai-pull-progress" data-done={!!pull.done}>
          {!pull.done && (
            <div className="progress ai-pull-bar" role="progressbar" aria-label={`Pulling ${pull.name}`}
              aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
              <div className="progress-bar" style={{ width: `${percent ?? 0}%` }} />
            </div>
          )}
          <span className="small">{pull.name}: {pull.status}{percent !== undefined && !pull.done && ` · ${percent}%`}</span>
        </div>
      )}
      {pull?.error && <p className="error-text small" role="alert" data-testid="ai-pull-error">{pull.error}</p>}
      {(problem || error) && <p className="error-text small" role="alert" data-testid="ai-models-error">{problem ?? error}</p>}
      <ul className="plain">
        {models?.map((m) => (
          <li key={m.name} className="ai-model-row" data-testid="ai-model-row" data-name={m.name}>
            <div className="ai-model-info">
              <code>{m.name}</code>
              <span className="muted small" data-testid="ai-model-size">{formatBytes(m.size)}{m.parameterSize && ` · ${m.parameterSize}`}{m.quantization && ` · ${m.quantization}`}</span>
            </div>
            {m.default
              ? <span className="muted small" title="ProcOS falls back to this model: it cannot be deleted">default</span>
              : <button className="danger small-button" onClick={() => askDelete(m)} aria-label={`Delete ${m.name}`} data-testid="ai-model-delete">Delete</button>}
          </li>
        ))}
        {models?.length === 0 && <li className="muted small">No models yet.</li>}
      </ul>
      {dialog}
    </section>
  );
}
