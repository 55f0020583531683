/** Deployed process definitions, newest version per key, with running/completed/incident counts and Start. */
import { useState } from 'react';
import { api } from '../api';
import { isProcessEvent, useLive } from '../app/useLive';
import { links } from '../app/route';
import { StartDialog } from './StartDialog';

export function Definitions({ selectedKey, showSystem }: { selectedKey?: string; showSystem: boolean }) {
  const { data, error } = useLive(() => api().definitions(), [], isProcessEvent, 10000);
  const [starting, setStarting] = useState<string>();
  const shown = data?.filter((d) => showSystem || !d.system || d.key === selectedKey);
  const hidden = (data?.length ?? 0) - (shown?.length ?? 0);
  return (
    <section className="panel definitions" aria-labelledby="defs-title" data-testid="definitions">
      {starting && <StartDialog definitionKey={starting} onClose={() => setStarting(undefined)} />}
      <header className="panel-head">
        <h2 id="defs-title">Process definitions</h2>
        {selectedKey && <a href="#/monitor" className="link-button">Show all</a>}
      </header>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr><th>Definition</th><th>Version</th><th title="Running">Running</th><th title="Completed">Done</th><th title="Incidents">Incidents</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {shown?.map((d) => (
              <tr key={d.id} className={d.key === selectedKey ? 'selected' : undefined} data-testid="definition-row" data-key={d.key}>
                <td>
                  <a href={links.definition(d.key)}>{d.name ?? d.key}</a>
                  {d.system && <span className="badge badge-off system-badge">system</span>}
                  {d.name && <div className="muted small">{d.key}</div>}
                </td>
                <td>{d.version}</td>
                <td data-testid="count-running">{d.running}</td>
                <td data-testid="count-completed">{d.completed}</td>
                <td data-testid="count-incidents" className={d.incidents ? 'bad-text' : undefined}>{d.incidents}</td>
                <td><button className="small-button" onClick={() => setStarting(d.key)} aria-label={`Start ${d.key}`} data-testid="definition-start">Start</button></td>
              </tr>
            ))}
            {data?.length === 0 && <tr><td colSpan={6} className="muted">Nothing deployed yet. Drop a .bpmn file anywhere to deploy it.</td></tr>}
          </tbody>
        </table>
      </div>
      {hidden > 0 && <p className="muted small" data-testid="system-hidden">{hidden} system process{hidden > 1 ? 'es' : ''} hidden</p>}
    </section>
  );
}
