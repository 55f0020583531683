/** Deployed process definitions, newest version per key, with running/completed/incident counts. */
import { api } from '../api';
import { isProcessEvent, useLive } from '../app/useLive';
import { links } from '../app/route';

export function Definitions({ selectedKey }: { selectedKey?: string }) {
  const { data, error } = useLive(() => api().definitions(), [], isProcessEvent, 10000);
  return (
    <section className="panel definitions" aria-labelledby="defs-title" data-testid="definitions">
      <header className="panel-head">
        <h2 id="defs-title">Process definitions</h2>
        {selectedKey && <a href="#/monitor" className="link-button">Show all</a>}
      </header>
      {error && <p className="error-text" role="alert">{error}</p>}
      <table className="table">
        <thead>
          <tr><th>Definition</th><th>Version</th><th title="Running">Running</th><th title="Completed">Done</th><th title="Incidents">Incidents</th></tr>
        </thead>
        <tbody>
          {data?.map((d) => (
            <tr key={d.id} className={d.key === selectedKey ? 'selected' : undefined} data-testid="definition-row" data-key={d.key}>
              <td>
                <a href={links.definition(d.key)}>{d.name ?? d.key}</a>
                {d.name && <div className="muted small">{d.key}</div>}
              </td>
              <td>{d.version}</td>
              <td data-testid="count-running">{d.running}</td>
              <td data-testid="count-completed">{d.completed}</td>
              <td data-testid="count-incidents" className={d.incidents ? 'bad-text' : undefined}>{d.incidents}</td>
            </tr>
          ))}
          {data?.length === 0 && <tr><td colSpan={5} className="muted">Nothing deployed yet. Drop a .bpmn file anywhere to deploy it.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
