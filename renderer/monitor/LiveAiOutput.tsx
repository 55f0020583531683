/** AI tokens of this instance's AI tasks, as they stream in (kernel `ai-token` events). */
import { useAiStreams } from './aiStreams';

export function LiveAiOutput({ instanceId }: { instanceId: string }) {
  const streams = useAiStreams(instanceId);
  if (!streams.length) return null;
  return (
    <section className="panel" aria-label="AI output" data-testid="live-ai">
      <h3>AI output {streams.some((s) => !s.done) && <span className="badge badge-info">streaming</span>}</h3>
      {streams.map((s) => (
        <p key={s.requestId} className="ai-stream" data-testid="live-ai-stream" data-done={s.done}>
          {s.text}{!s.done && <span className="caret" aria-hidden>▍</span>}
        </p>
      ))}
    </section>
  );
}
