/** The models Ollama has, each with its size on disk. */
import type { ModelInfo } from '../../common/contract';

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const i = Math.min(units.length - 1, Math.floor(Math.log(n) / Math.log(1000)));
  return `${(n / 1000 ** i).toFixed(i >= 3 ? 1 : 0)} ${units[i]}`;
}

export function ModelList({ models, error }: { models?: ModelInfo[]; error?: string }) {
  return (
    <section className="ai-models" aria-labelledby="ai-models-title" data-testid="ai-models">
      <h3 id="ai-models-title">Models</h3>
      {error && <p className="error-text small">{error}</p>}
      <ul className="plain">
        {models?.map((m) => (
          <li key={m.name} className="ai-model-row" data-testid="ai-model-row" data-name={m.name}>
            <code>{m.name}</code>
            <span className="muted small" data-testid="ai-model-size">{formatBytes(m.size)}{m.parameterSize && ` · ${m.parameterSize}`}{m.quantization && ` · ${m.quantization}`}</span>
          </li>
        ))}
        {models?.length === 0 && <li className="muted small">No models yet.</li>}
      </ul>
    </section>
  );
}
