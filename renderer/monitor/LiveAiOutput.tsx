/** AI tokens of this instance's AI tasks, as they stream in (kernel `ai-token` events). */
import { useState } from 'react';
import { useKernelEvent } from '../app/events';

export function LiveAiOutput({ instanceId }: { instanceId: string }) {
  const [streams, setStreams] = useState<Record<string, { text: string; done: boolean }>>({});
  useKernelEvent((e) => {
    if (e.type !== 'ai-token' || e.instanceId !== instanceId) return;
    setStreams((s) => {
      const prev = s[e.requestId] ?? { text: '', done: false };
      return { ...s, [e.requestId]: { text: prev.text + e.token, done: !!e.done } };
    });
  });
  const list = Object.entries(streams);
  if (!list.length) return null;
  return (
    <section className="panel" aria-label="AI output" data-testid="live-ai">
      <h3>AI output</h3>
      {list.map(([id, s]) => (
        <p key={id} className="ai-stream" data-done={s.done}>{s.text}{!s.done && <span className="caret" aria-hidden>▍</span>}</p>
      ))}
    </section>
  );
}
