/** One instance: diagram with overlays, incidents with Retry, Cancel, variables, history, live AI output. */
import { useState } from 'react';
import type { KernelEvent } from '../../common/contract';
import { api, errorText } from '../api';
import { useNotify } from '../app/notices';
import { useLive } from '../app/useLive';
import { links } from '../app/route';
import { dateTime } from '../app/format';
import { StateBadge } from '../app/StateBadge';
import { DiagramViewer } from './DiagramViewer';
import { VariablesView } from './VariablesView';
import { LiveAiOutput } from './LiveAiOutput';
import { useConfirm } from '../app/ConfirmDialog';

export function InstanceView({ id }: { id: string }) {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const { confirm, dialog } = useConfirm();
  const concerns = (e: KernelEvent) =>
    (e.type === 'instance' && e.id === id) || (e.type === 'task' && (!e.instanceId || e.instanceId === id));
  const { data: inst, error, reload } = useLive(() => api().instance({ id }), [id], concerns, 4000);

  async function act(label: string, fn: () => Promise<void>) {
    setBusy(true);
    try { await fn(); notify({ kind: 'info', title: label }); } catch (e) { notify({ kind: 'error', title: `${label} failed`, body: errorText(e) }); }
    finally { setBusy(false); reload(); }
  }

  if (error && !inst) return <div className="panel"><p className="error-text" role="alert">{error}</p><a href="#/monitor">Back to the monitor</a></div>;
  if (!inst) return <div className="panel muted">Loading instance…</div>;
  const open = inst.state === 'ACTIVE' || inst.state === 'INCIDENT' || inst.state === 'SUSPENDED';

  return (
    <div className="instance-view" data-testid="instance-view" data-state={inst.state}>
      {dialog}
      <header className="instance-head">
        <nav className="crumbs"><a href="#/monitor">Monitor</a> › <a href={links.definition(inst.definitionKey)}>{inst.definitionKey}</a> › <code>{inst.id.slice(0, 8)}</code></nav>
        <div className="instance-title">
          <h2>{inst.definitionKey}{inst.definitionVersion != null && <span className="muted"> v{inst.definitionVersion}</span>}</h2>
          <span data-testid="instance-state"><StateBadge state={inst.state} /></span>
          <span className="muted small">started {dateTime(inst.startTime)}{inst.endTime && ` · ended ${dateTime(inst.endTime)}`}</span>
          <span className="spacer" />
          {open && <button className="danger" disabled={busy} data-testid="instance-cancel"
            onClick={() => confirm({ title: 'Cancel this instance?', body: 'Its tokens are removed; this cannot be undone.', confirmLabel: 'Cancel instance', danger: true,
              onConfirm: () => act('Instance canceled', () => api().cancelInstance({ id })) })}>Cancel instance</button>}
        </div>
      </header>
      <div className="instance-body">
        <DiagramViewer xml={inst.bpmnXml} activities={inst.activities} activeIds={inst.activeActivityIds} incidents={inst.incidents} />
        <aside className="instance-side">
          {inst.incidents.length > 0 && (
            <section className="panel incidents" aria-label="Incidents" data-testid="incidents">
              <h3>Incidents</h3>
              {inst.incidents.map((i) => (
                <div key={i.id} className="incident callout callout-error" data-testid="incident">
                  <p><strong>{inst.activities.find((a) => a.activityId === i.activityId)?.activityName ?? i.activityId ?? i.type}</strong> <span className="muted small">{dateTime(i.time)}</span></p>
                  <p data-testid="incident-message">{i.message ?? i.type}</p>
                  {i.details && <details><summary>Details</summary><pre className="code">{i.details}</pre></details>}
                  <button disabled={busy} onClick={() => act('Retry requested', () => api().retryIncident({ id: i.id }))} data-testid="incident-retry">Retry</button>
                </div>
              ))}
            </section>
          )}
          <LiveAiOutput instanceId={id} />
          <section className="panel" aria-label="Variables"><h3>Variables</h3><VariablesView variables={inst.variables} /></section>
          <section className="panel" aria-label="History">
            <h3>History</h3>
            <ol className="history" data-testid="instance-history">
              {[...inst.activities].sort((a, b) => a.startTime.localeCompare(b.startTime) || (a.endTime ?? '~').localeCompare(b.endTime ?? '~')).map((a, i) => (
                <li key={i} className={a.endTime ? 'done' : 'active'}>
                  <span>{a.activityName ?? a.activityId}</span>
                  <span className="muted small"> {a.activityType} · {a.endTime ? (a.canceled ? 'canceled' : 'done') : 'active'}</span>
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </div>
  );
}
