/**
 * Talk to the local model like in Ollama's app: conversations in a list (multi-turn: earlier turns
 * go along as context), answers rendered as Markdown, a Stop button, the models with their sizes
 * (pull, delete) and the default model per AI topic.
 * The answer being generated lives in aiStore, so it keeps streaming while you are elsewhere; the
 * conversations are the kernel's AI history, the same in every window.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { useLive } from '../app/useLive';
import { ask, deleteConversation, newConversation, openConversation, stop, useAi, type Turn } from './aiStore';
import { Markdown } from './Markdown';
import { formatBytes, ModelList } from './ModelList';
import { TopicModels } from './TopicModels';

const MODEL_KEY = 'procos.ai.model';

export function AiPanel() {
  const ai = useAi();
  const models = useLive(() => api().modelList(), [], (e) => e.type === 'component' && e.name === 'ollama');
  const [model, setModel] = useState(() => localStorage.getItem(MODEL_KEY) ?? '');
  const [question, setQuestion] = useState('');
  const end = useRef<HTMLDivElement>(null);
  const current = ai.conversations.find((c) => c.id === ai.currentId);
  const pending = ai.pending?.conversationId === current?.id || (!current && ai.pending) ? ai.pending : undefined;
  const busy = !!ai.pending;

  useEffect(() => {
    const names = models.data?.map((m) => m.name) ?? [];
    if (names.length && !names.includes(model)) setModel(names[0]);
  }, [models.data, model]);
  useEffect(() => { end.current?.scrollIntoView({ block: 'end' }); }, [current?.turns.length, pending?.text]);

  function send(e?: FormEvent) {
    e?.preventDefault();
    const q = question.trim();
    if (!q || busy) return;
    localStorage.setItem(MODEL_KEY, model);
    setQuestion('');
    void ask(q, model || undefined);
  }

  const turns: Turn[] = current?.turns ?? [];
  const lastAnswer = [...turns].reverse().find((t) => t.role === 'assistant');
  return (
    <div className="ai" data-testid="ai-panel">
      <aside className="panel ai-side">
        <button className="primary" onClick={newConversation} data-testid="ai-new">+ New conversation</button>
        <section aria-labelledby="ai-conv-title">
          <h3 id="ai-conv-title">Conversations</h3>
          <ul className="plain ai-conversations" data-testid="ai-conversations">
            {ai.conversations.map((c) => (
              <li key={c.id} className={c.id === ai.currentId ? 'active' : undefined} data-testid="ai-conversation">
                <button className="link-button conv-title" onClick={() => openConversation(c.id)} title={c.title}>{c.title}</button>
                <button className="icon-button" aria-label={`Delete conversation ${c.title}`} onClick={() => void deleteConversation(c.id)}>×</button>
              </li>
            ))}
            {!ai.conversations.length && <li className="muted small">{ai.loaded ? 'No conversations yet.' : 'Loading the AI history…'}</li>}
          </ul>
          {ai.error && <p className="error-text small" role="alert" data-testid="ai-history-error">{ai.error}</p>}
        </section>
        <ModelList models={models.data} error={models.error} onChanged={models.reload} />
        <TopicModels models={models.data} />
      </aside>
      <section className="panel ai-chat" aria-label="Conversation">
        <div className="ai-messages" data-testid="ai-messages" aria-live="polite">
          {!turns.length && !pending && <p className="muted ai-empty">Ask the local model anything. It runs on this computer: nothing leaves it.</p>}
          {turns.map((t, i) => <Message key={i} turn={t} last={t === lastAnswer && !pending} />)}
          {pending && (
            <div className="ai-msg ai-msg-assistant" data-testid="ai-answer" data-done="false">
              {pending.text ? <Markdown text={pending.text} /> : <p className="muted">Thinking…</p>}
              <span className="caret" aria-hidden>▍</span>
            </div>
          )}
          <div ref={end} />
        </div>
        <form onSubmit={send} className="ai-form">
          <label htmlFor="ai-question" className="sr-only">Question</label>
          <textarea id="ai-question" rows={3} value={question} onChange={(e) => setQuestion(e.target.value)} data-testid="ai-question"
            placeholder={current ? 'Ask a follow-up…' : 'e.g. What is BPMN?'}
            onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } }} />
          <div className="ai-controls">
            <label>Model
              <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="ai-model">
                {models.data?.map((m) => <option key={m.name} value={m.name}>{m.name} ({formatBytes(m.size)})</option>)}
              </select>
            </label>
            <span className="muted small ai-hint" data-testid="ai-hint"><kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line</span>
            <span className="spacer" />
            {busy
              ? <button type="button" className="danger" onClick={() => void stop()} data-testid="ai-stop">Stop</button>
              : <button className="primary" type="submit" disabled={!question.trim()} data-testid="ai-ask">Send</button>}
          </div>
        </form>
      </section>
    </div>
  );
}

function Message({ turn, last }: { turn: Turn; last: boolean }) {
  if (turn.role === 'user') return <div className="ai-msg ai-msg-user" data-testid="ai-user-message"><p>{turn.content}</p></div>;
  const m = turn.meta;
  return (
    <div className="ai-msg ai-msg-assistant" data-testid={last ? 'ai-answer' : 'ai-past-answer'} data-done="true" data-stopped={!!m?.stopped}>
      {turn.content && <Markdown text={turn.content} />}
      {turn.error && <p className="error-text" role="alert" data-testid="ai-error">{turn.error}</p>}
      {m && (
        <p className="muted small" data-testid={last ? 'ai-meta' : undefined}>
          {m.provider} · {m.model} · {(m.durationMs / 1000).toFixed(1)} s
          {!!m.completionTokens && ` · ${m.completionTokens} token${m.completionTokens === 1 ? '' : 's'}`}{m.stopped && ' · stopped'}
        </p>
      )}
    </div>
  );
}
