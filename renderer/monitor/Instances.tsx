/** Process instances, paged and filtered on the server: state, definition, start time, business key,
 * a variable's value; ProcOS's own processes only when asked for. */
import { useEffect, useState } from 'react';
import type { InstancesQuery } from '../../common/contract';
import { api } from '../api';
import { isProcessEvent, useLive } from '../app/useLive';
import { links, navigate } from '../app/route';
import { DefinitionFilter } from './DefinitionFilter';
import { dateTime } from '../app/format';
import { StateBadge } from '../app/StateBadge';
import { outcome } from './outcome';
import { Pager } from '../app/Pager';

const PAGE = 20;
type StateFilter = InstancesQuery['state'];
/** datetime-local → the engine's date format (ISO with a numeric UTC offset) */
const toIso = (local: string) => (local ? new Date(local).toISOString().replace('Z', '+0000') : undefined);

/** A text filter that queries once the user pauses typing. */
function useSettled(value: string, ms = 350): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => { const t = setTimeout(() => setSettled(value), ms); return () => clearTimeout(t); }, [value, ms]);
  return settled;
}

export function Instances({ definitionKey, includeSystem }: { definitionKey?: string; includeSystem: boolean }) {
  const [state, setState] = useState<StateFilter>('ALL');
  const [after, setAfter] = useState('');
  const [before, setBefore] = useState('');
  const [businessKeyText, setBusinessKey] = useState('');
  const [varNameText, setVarName] = useState('');
  const [varValueText, setVarValue] = useState('');
  const businessKey = useSettled(businessKeyText);
  const variableName = useSettled(varNameText);
  const variableValue = useSettled(varValueText);
  const [page, setPage] = useState(0);
  useEffect(() => setPage(0), [definitionKey, state, after, before, businessKey, variableName, variableValue, includeSystem]);

  const query: InstancesQuery = {
    state, definitionKey, startedAfter: toIso(after), startedBefore: toIso(before), firstResult: page * PAGE, maxResults: PAGE,
    businessKey: businessKey || undefined, variableName: variableName || undefined, variableValue: variableName ? variableValue : undefined, includeSystem,
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
        <label>Business key <input type="search" value={businessKeyText} onChange={(e) => setBusinessKey(e.target.value)} placeholder="contains…" data-testid="filter-business-key" /></label>
        <label>Variable <input type="search" value={varNameText} onChange={(e) => setVarName(e.target.value)} placeholder="name" data-testid="filter-var-name" /></label>
        <label>Value <input type="search" value={varValueText} onChange={(e) => setVarValue(e.target.value)} placeholder={varNameText ? 'contains… / = number' : 'name a variable first'} disabled={!varNameText} data-testid="filter-var-value" /></label>
        <label>Started after <input type="datetime-local" value={after} onChange={(e) => setAfter(e.target.value)} data-testid="filter-after" /></label>
        <label>Started before <input type="datetime-local" value={before} onChange={(e) => setBefore(e.target.value)} data-testid="filter-before" /></label>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="table-scroll">
        <table className="table clickable">
          <thead><tr><th>State</th><th>Instance</th><th>Definition</th><th>Business key</th><th>Started</th><th>Ended</th></tr></thead>
          <tbody>
            {data?.items.map((i) => {
              const ended = outcome(i);
              return (
                <tr key={i.id} onClick={() => navigate(links.instance(i.id))} data-testid="instance-row" data-state={i.state} data-key={i.definitionKey} data-outcome={ended?.kind}>
                  <td>
                    <StateBadge state={i.state} />
                    {ended && <div className={`outcome outcome-${ended.kind} small`} data-testid="row-outcome">{ended.label}</div>}
                  </td>
                  <td><a href={links.instance(i.id)} onClick={(e) => e.stopPropagation()}><code>{i.id.slice(0, 8)}</code></a></td>
                  <td>{i.definitionKey}{i.definitionVersion != null && <span className="muted"> v{i.definitionVersion}</span>}</td>
                  <td data-testid="row-business-key">{i.businessKey ?? '—'}</td>
                  <td className="nowrap">{dateTime(i.startTime)}</td>
                  <td className="nowrap">{dateTime(i.endTime)}</td>
                </tr>
              );
            })}
            {data?.items.length === 0 && <tr><td colSpan={6} className="muted">No instances match.</td></tr>}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} onPage={setPage} label="Pages" />
    </section>
  );
}
