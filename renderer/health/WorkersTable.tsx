/** The worker registry: kind, topics, pid, heartbeat age, health. */
import { api } from '../api';
import { useLive } from '../app/useLive';
import { duration } from '../app/format';
import { StateBadge } from '../app/StateBadge';

export function WorkersTable() {
  const { data, error } = useLive(() => api().workers(), [], (e) => e.type === 'component', 2000);
  return (
    <section className="panel" aria-labelledby="workers-title" data-testid="workers">
      <h2 id="workers-title">Worker registry</h2>
      {error && <p className="error-text" role="alert">{error}</p>}
      <table className="table">
        <thead><tr><th>Worker</th><th>Health</th><th>Topics</th><th>PID</th><th>Last heartbeat</th></tr></thead>
        <tbody>
          {data?.map((w) => (
            <tr key={w.id} data-testid="worker-row" data-healthy={w.healthy}>
              <td><strong>{w.kind}</strong><div className="muted small">{w.id}</div></td>
              <td><StateBadge state={w.healthy ? 'healthy' : 'unhealthy'} /></td>
              <td className="topics">{w.topics.map((t) => <code key={t} className="chip">{t}</code>)}</td>
              <td>{w.pid ?? '—'}</td>
              <td>{w.heartbeatAgeMs != null ? `${duration(w.heartbeatAgeMs)} ago` : '—'}</td>
            </tr>
          ))}
          {data?.length === 0 && <tr><td colSpan={5} className="muted">No workers registered.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
