/**
 * One instance: diagram with overlays; incidents with Retry; variables by scope that can be fixed while
 * it runs (set the missing one where the step reads it, then Retry); how it ended; every step with times;
 * past incidents; live AI output.
 */
import { useState } from 'react';
import type { InstanceDetail, KernelEvent } from '../../common/contract';
import { api, errorText } from '../api';
import { useNotify } from '../app/notices';
import { useLive } from '../app/useLive';
import { links } from '../app/route';
import { dateTime } from '../app/format';
import { StateBadge } from '../app/StateBadge';
import { useConfirm } from '../app/ConfirmDialog';
import { DiagramViewer } from './DiagramViewer';
import { VariableScopes } from './VariableScopes';
import { LiveAiOutput } from './LiveAiOutput';
import { InstanceHistory } from './InstanceHistory';
import { outcome } from './outcome';

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

  if (error && !inst) return <div className="panel page-message"><p className="error-text" role="alert">{error}</p><a href="#/monitor">Back to the monitor</a></div>;
  if (!inst) return <div className="panel page-message muted">Loading instance…</div>;
  const open = inst.state === 'ACTIVE' || inst.state === 'INCIDENT' || inst.state === 'SUSPENDED';
  const ended = outcome(inst);
  const stepName = (activityId?: string) => inst.activities.find((a) => a.activityId === activityId)?.activityName ?? activityId;

  return (
    <div className="instance-view" data-testid="instance-view" data-state={inst.state}>
      {dialog}
      <header className="instance-head">
        <nav className="crumbs"><a href="#/monitor">Monitor</a> › <a href={links.definition(inst.definitionKey)}>{inst.definitionKey}</a> › <code>{inst.id.slice(0, 8)}</code></nav>
        <div className="instance-title">
          <h2>{inst.definitionKey}{inst.definitionVersion != null && <span className="muted"> v{inst.definitionVersion}</span>}</h2>
          <span data-testid="instance-state"><StateBadge state={inst.state} /></span>
          {ended && <span className={`outcome outcome-${ended.kind}`} data-testid="instance-outcome" data-kind={ended.kind}>ended at “{ended.label}”</span>}
          {inst.businessKey && <span className="muted small">business key <code data-testid="instance-business-key">{inst.businessKey}</code></span>}
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
                  <p><strong>{stepName(i.activityId) ?? i.type}</strong> <span className="muted small">{dateTime(i.time)}</span></p>
                  <p data-testid="incident-message">{i.message ?? i.type}</p>
                  {i.details && <details><summary>Details</summary><pre className="code">{i.details}</pre></details>}
                  <p className="muted small">Fix the cause — e.g. set the missing input under {inst.variables.some((v) => v.activityId === i.activityId)
                    ? <>“{stepName(i.activityId)}” in Variables below (the step reads its own)</> : 'Variables below'} — then retry the step.</p>
                  <button disabled={busy} onClick={() => act('Retry requested', () => api().retryIncident({ id: i.id }))} data-testid="incident-retry">Retry</button>
                </div>
              ))}
            </section>
          )}
          <LiveAiOutput instanceId={id} />
          <section className="panel" aria-labelledby="variables-title">
            <h3 id="variables-title">Variables</h3>
            <VariableScopes instanceId={id} variables={inst.variables} editable={open} stepName={stepName}
              failing={inst.incidents.flatMap((i) => (i.activityId ? [i.activityId] : []))} onChanged={reload} />
          </section>
          <section className="panel" aria-label="History">
            <h3>History</h3>
            <InstanceHistory activities={inst.activities} />
          </section>
          <PastIncidents inst={inst} stepName={stepName} />
        </aside>
      </div>
    </div>
  );
}

function PastIncidents({ inst, stepName }: { inst: InstanceDetail; stepName(id?: string): string | undefined }) {
  const past = inst.incidentHistory.filter((i) => i.state !== 'open');
  if (!past.length) return null;
  return (
    <section className="panel" aria-label="Past incidents" data-testid="past-incidents">
      <h3>Past incidents</h3>
      <ul className="plain past-incidents">
        {past.map((i) => (
          <li key={i.id} data-testid="past-incident" data-state={i.state}>
            <p><strong>{stepName(i.activityId) ?? i.type}</strong> <span className="badge badge-off">{i.state}</span></p>
            <p className="small">{i.message ?? i.type}</p>
            <p className="muted small">{dateTime(i.time)} → {dateTime(i.endTime)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
