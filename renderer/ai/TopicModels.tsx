/**
 * The default model per AI topic (setting `ai.topicModels`): a task that names no `model` uses its
 * topic's choice, else the provider's default. Saved at once; the workers use it from the next task on.
 */
import { useState } from 'react';
import type { ModelInfo } from '../../common/contract';
import { modelTopicNames, topic } from '../../common/topics';
import { api, errorText } from '../api';
import { useLive } from '../app/useLive';

const KEY = 'ai.topicModels';

export function TopicModels({ models }: { models?: ModelInfo[] }) {
  const settings = useLive(() => api().settings(), [], () => false);
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const chosen = (settings.data?.[KEY] ?? {}) as Record<string, string>;
  const fallback = models?.find((m) => m.default)?.name;

  function choose(topicName: string, model: string) {
    const next = { ...chosen, [topicName]: model };
    if (!model) delete next[topicName];
    setProblem(undefined);
    setSaved(undefined);
    api().updateSettings({ [KEY]: Object.keys(next).length ? next : null }).then(
      () => { setSaved(topicName); settings.reload(); },
      (err) => setProblem(errorText(err)),
    );
  }

  return (
    <section className="ai-topic-models" aria-labelledby="ai-topic-models-title" data-testid="ai-topic-models">
      <h3 id="ai-topic-models-title">Default model per topic</h3>
      <p className="muted small">Used by process tasks that name no model.</p>
      {modelTopicNames().map((name) => {
        const value = chosen[name] ?? '';
        const missing = value && models && !models.some((m) => m.name === value);
        return (
          <label key={name} className="ai-topic-model">
            <span>{topic(name)?.title ?? name} <code>{name}</code>{saved === name && <span className="muted"> · saved</span>}</span>
            <select value={value} onChange={(e) => choose(name, e.target.value)} data-testid="ai-topic-model" data-topic={name}
              disabled={!settings.data}>
              <option value="">default{fallback ? ` (${fallback})` : ''}</option>
              {missing && <option value={value}>{value} (not installed)</option>}
              {models?.map((m) => <option key={m.name} value={m.name}>{m.name}</option>)}
            </select>
          </label>
        );
      })}
      {(problem || settings.error) && <p className="error-text small" role="alert">{problem ?? settings.error}</p>}
    </section>
  );
}
