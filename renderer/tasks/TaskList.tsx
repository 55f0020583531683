/** Open user tasks, newest first: mine / unassigned / all with their counts, by process, text search
 * over step names and business keys, paged on the server, refreshed by `user-task` events. */
import { useEffect, useState } from 'react';
import type { DefinitionSummary, KernelEvent, TasksQuery } from '../../common/contract';
import { api } from '../api';
import { useLive } from '../app/useLive';
import { links, navigate } from '../app/route';
import { dateTime } from '../app/format';
import { Pager } from '../app/Pager';

const PAGE = 20;
type Filter = TasksQuery['filter'];
const FILTERS: { value: Filter; label: string }[] = [{ value: 'mine', label: 'Mine' }, { value: 'unassigned', label: 'Unassigned' }, { value: 'all', label: 'All' }];
export const isTaskEvent = (e: KernelEvent) => e.type === 'user-task' || (e.type === 'instance' && e.state !== 'started');

/** Text that queries once the user pauses typing. */
function useSettled(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => { const t = setTimeout(() => setSettled(value), ms); return () => clearTimeout(t); }, [value, ms]);
  return settled;
}

export function TaskList({ selectedId }: { selectedId?: string }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [processKey, setProcessKey] = useState('');
  const [typed, setTyped] = useState('');
  const text = useSettled(typed);
  const [page, setPage] = useState(0);
  const [processes, setProcesses] = useState<DefinitionSummary[]>([]);
  useEffect(() => setPage(0), [filter, processKey, text]);
  useEffect(() => { api().definitions().then((d) => setProcesses(d.filter((x) => !x.system)), () => {}); }, []);

  const query: TasksQuery = { filter, processKey: processKey || undefined, text: text || undefined, firstResult: page * PAGE, maxResults: PAGE };
  const { data, error } = useLive(() => api().tasks(query), [query], isTaskEvent, 5000);
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / PAGE));
  useEffect(() => { if (page > 0 && page >= pages) setPage(pages - 1); }, [page, pages]);

  return (
    <section className="panel task-list" aria-labelledby="tasks-title" data-testid="task-list">
      <header className="panel-head">
        <h2 id="tasks-title">Tasks</h2>
        <span className="muted small" data-testid="tasks-user">{data && <>as <strong>{data.user}</strong></>}</span>
      </header>
      <div className="task-filters" role="group" aria-label="Show">
        {FILTERS.map((f) => (
          <button key={f.value} className={filter === f.value ? 'segment active' : 'segment'} aria-pressed={filter === f.value}
            onClick={() => setFilter(f.value)} data-testid={`tasks-filter-${f.value}`}>
            {f.label} <span className="count" data-testid={`tasks-count-${f.value}`}>{data?.counts[f.value] ?? '…'}</span>
          </button>
        ))}
      </div>
      <div className="filters">
        <label>Process
          <select value={processKey} onChange={(e) => setProcessKey(e.target.value)} data-testid="tasks-process">
            <option value="">all</option>
            {processes.map((p) => <option key={p.key} value={p.key}>{p.name ?? p.key}</option>)}
          </select>
        </label>
        <label className="grow">Search <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="step or business key" data-testid="tasks-search" /></label>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      <ul className="plain task-rows" data-testid="task-rows">
        {data?.items.map((t) => (
          <li key={t.id}>
            <a href={links.task(t.id)} className={t.id === selectedId ? 'task-row selected' : 'task-row'} aria-current={t.id === selectedId ? 'true' : undefined}
              data-testid="task-row" data-id={t.id} data-key={t.processKey} data-assignee={t.assignee ?? ''}>
              <span className="task-row-name">{t.name}</span>
              <span className="task-row-process muted">{t.processName ?? t.processKey}{t.businessKey && <> · <code>{t.businessKey}</code></>}</span>
              <span className="task-row-meta small">
                <span className="muted">{dateTime(t.created)}</span>
                {t.due && <span className={Date.parse(t.due) < Date.now() ? 'bad-text' : 'muted'}>due {dateTime(t.due)}</span>}
                {t.priority !== 50 && <span className="muted">priority {t.priority}</span>}
                <span className={t.assignee ? 'assignee' : 'assignee muted'}>{t.assignee ?? 'unassigned'}</span>
              </span>
            </a>
          </li>
        ))}
        {data?.items.length === 0 && <li className="muted task-rows-empty" data-testid="tasks-empty">{filter === 'mine' ? 'Nothing is assigned to you.' : 'No open tasks match.'}</li>}
      </ul>
      <Pager page={page} pages={pages} onPage={setPage} label="Task pages" testId="tasks-page" />
      {selectedId && <button className="link-button back-to-list" onClick={() => navigate('#/tasks')}>Close task</button>}
    </section>
  );
}
