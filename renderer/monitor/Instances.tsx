/** Process instances, paged and filtered on the server (state, definition, start time). */
import { useEffect, useState } from 'react';
import type { InstancesQuery } from '../../common/contract';
import { api } from '../api';
import { isProcessEvent, useLive } from '../app/useLive';
import { links, navigate } from '../app/route';
import { DefinitionFilter } from './DefinitionFilter';
import { dateTime } from '../app/format';
import { StateBadge } from '../app/StateBadge';

const PAGE = 20;
type StateFilter = InstancesQuery['state'];
/** datetime-local → the engine's date format (ISO with a numeric UTC offset) */
const toIso = (local: string) => (local ? new Date(local).toISOString().replace('Z', '+0000') : undefined);

export function Instances({ definitionKey }: { definitionKey?: string }) {
  const [state, setState] = useState<StateFilter>('ALL');
  const [after, setAfter] = useState('');
  const [before, setBefore] = useState('');
  const [page, setPage] = useState(0);
  useEffect(() => setPage(0), [definitionKey, state, after, before]);

  const query: InstancesQuery = {
    state, definitionKey, startedAfter: toIso(after), startedBefore: toIso(before), firstResult: page * PAGE, maxResults: PAGE,
  };
  const { data, error } = useLive(() => api().instances(query), [JSON.stringify(query)], isProcessEvent);
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));

  return (
    <section className="panel instances" aria-labelledby="inst-title" data-testid="instances">
      <header className="panel-head">
        <h2 id="inst-title">Instances{definitionKey && <span className="muted"> of {definitionKey}</span>}</h2>
        <span className="muted" data-testid="instances-total">{total} total</span>
      </header>
      <div className="filters">
        <label>State
          <select value={state} onChange={(e) => setState(e.target.value as StateFilter)} data-testid="filter-state">
            {['ALL', 'ACTIVE', 'INCIDENT', 'COMPLETED', 'CANCELED'].map((s) => <option key={s} value={s}>{s.toLowerCase()}</option>)}
          </select>
        </label>
        <DefinitionFilter value={definitionKey} />
        <label>Started after <input type="datetime-local" value={after} onChange={(e) => setAfter(e.target.value)} data-testid="filter-after" /></label>
        <label>Started before <input type="datetime-local" value={before} onChange={(e) => setBefore(e.target.value)} data-testid="filter-before" /></label>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      <table className="table clickable">
        <thead><tr><th>State</th><th>Instance</th><th>Definition</th><th>Business key</th><th>Started</th><th>Ended</th></tr></thead>
        <tbody>
          {data?.items.map((i) => (
            <tr key={i.id} onClick={() => navigate(links.instance(i.id))} data-testid="instance-row" data-state={i.state} data-key={i.definitionKey}>
              <td><StateBadge state={i.state} /></td>
              <td><a href={links.instance(i.id)} onClick={(e) => e.stopPropagation()}><code>{i.id.slice(0, 8)}</code></a></td>
              <td>{i.definitionKey}{i.definitionVersion != null && <span className="muted"> v{i.definitionVersion}</span>}</td>
              <td>{i.businessKey ?? '—'}</td>
              <td className="nowrap">{dateTime(i.startTime)}</td>
              <td className="nowrap">{dateTime(i.endTime)}</td>
            </tr>
          ))}
          {data?.items.length === 0 && <tr><td colSpan={6} className="muted">No instances match.</td></tr>}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button disabled={page === 0} onClick={() => setPage(page - 1)} aria-label="Previous page">‹ Prev</button>
        <span>Page {page + 1} of {pages}</span>
        <button disabled={page + 1 >= pages} onClick={() => setPage(page + 1)} aria-label="Next page">Next ›</button>
      </nav>
    </section>
  );
}
