/** Past questions and answers, from the store. */
import type { AiHistoryEntry } from '../../common/contract';
import { dateTime } from '../app/format';

export function AiHistory({ entries, error }: { entries?: AiHistoryEntry[]; error?: string }) {
  return (
    <section className="panel ai-history" aria-labelledby="ai-history-title" data-testid="ai-history">
      <h2 id="ai-history-title">History</h2>
      {error && <p className="error-text">{error}</p>}
      {entries?.length === 0 && <p className="muted">No questions asked yet.</p>}
      <ol className="plain">
        {entries?.map((h) => (
          <li key={h.id} className="history-entry" data-testid="ai-history-entry">
            <p className="q"><strong>{h.question}</strong></p>
            <p className="a">{h.answer}</p>
            <p className="muted small">{h.model} · {(h.durationMs / 1000).toFixed(1)} s · {dateTime(h.at)}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
