/**
 * One component: state, uptime, restarts, last error, port, version, its log tail (only when it keeps
 * one), and the action it supports — Restart, Check again or Redeploy. Restarting the engine or the
 * database asks first; a notice says when a restarted component is back.
 */
import { useEffect, useRef, useState } from 'react';
import type { ComponentInfo } from '../../common/contract';
import { api, errorText } from '../api';
import { useStatus, componentLabel } from '../app/status';
import { useNotify } from '../app/notices';
import { useConfirm } from '../app/ConfirmDialog';
import { duration } from '../app/format';
import { StateBadge } from '../app/StateBadge';
import { LogTail } from './LogTail';

/** What "restart" means for a component, in the words its button uses. */
export function restartAction(name: string): { label: string; doing: string; ask?: string } {
  if (name === 'java' || name.startsWith('adapter:')) return { label: 'Check again', doing: 'checking' };
  if (name === 'processes') return { label: 'Redeploy', doing: 'redeploying' };
  if (name === 'engine') return { label: 'Restart', doing: 'restarting', ask: 'Running instances pause while the engine restarts (about a minute); the API and the Monitor are unavailable meanwhile.' };
  if (name === 'database') return { label: 'Restart', doing: 'restarting', ask: 'The database is embedded in the engine: the engine restarts with it (about a minute); the API and the Monitor are unavailable meanwhile.' };
  return { label: 'Restart', doing: 'restarting' };
}

export function ComponentCard({ info }: { info: ComponentInfo }) {
  const { refresh } = useStatus();
  const notify = useNotify();
  const { confirm, dialog } = useConfirm();
  const [logs, setLogs] = useState<string[]>();
  const [showLogs, setShowLogs] = useState(false);
  const [busy, setBusy] = useState(false);
  const waiting = useRef<{ sawDown: boolean }>(undefined); // a restart asked for, not back yet
  // …and the button says so until the component is back or has failed (the call returns while it still starts)
  const [awaiting, setAwaiting] = useState(false);
  // the state this card shows now (a restart's answer may be newer than the status the card was given)
  const shown = useRef(info.state);
  shown.current = info.state;
  const label = componentLabel(info.name);
  const action = restartAction(info.name);

  // one look at its log decides whether the card offers it; while open, it stays fresh
  useEffect(() => {
    let live = true;
    const load = () => api().logs({ name: info.name }).then((l) => { if (live) setLogs(l); }, (e) => { if (live) setLogs([`(could not read logs: ${errorText(e)})`]); });
    load();
    const t = showLogs ? setInterval(load, 3000) : undefined;
    return () => { live = false; clearInterval(t); };
  }, [showLogs, info.name]);

  useEffect(() => {
    const w = waiting.current;
    if (!w) return;
    if (info.state === 'failed' && w.sawDown) { waiting.current = undefined; setAwaiting(false); return; }
    if (info.state !== 'ready') { w.sawDown = true; return; }
    if (w.sawDown) back();
  }, [info.state]); // eslint-disable-line react-hooks/exhaustive-deps

  function back() {
    waiting.current = undefined;
    setAwaiting(false);
    notify({ kind: 'success', title: `${label} is back`, body: 'ready again', testId: 'component-back' });
  }

  async function restart() {
    setBusy(true);
    setAwaiting(true);
    waiting.current = { sawDown: false };
    try {
      notify({ kind: 'info', title: `${label} ${action.doing}` });
      const report = await api().restartComponent({ name: info.name });
      const now = report.components[info.name];
      if (now?.state === 'ready' && waiting.current) {
        // done within the call (a check, a quick restart): back once the card shows it ready too
        if (shown.current === 'ready') back();
        else waiting.current.sawDown = true;
      }
      else if (now?.state === 'failed') { waiting.current = undefined; setAwaiting(false); notify({ kind: 'error', title: `${label} did not come back`, body: now.lastError ?? now.detail }); }
    } catch (e) {
      waiting.current = undefined;
      setAwaiting(false);
      notify({ kind: 'error', title: `Could not restart ${label}`, body: errorText(e) });
    } finally { setBusy(false); refresh(); }
  }

  const restarting = busy || awaiting;
  const uptime = info.state === 'ready' && info.readySince ? duration(Date.now() - info.readySince) : '—';
  const hasLogs = !!logs?.length;
  return (
    <article className={`card card-${info.state}`} data-testid={`component-${info.name}`} data-state={info.state} aria-label={label}>
      {dialog}
      <header className="card-head">
        <h3>{label}</h3>
        <StateBadge state={info.state} />
      </header>
      <p className="card-detail muted" title={info.detail}>{info.detail}</p>
      <dl className="facts">
        <div><dt>Uptime</dt><dd>{uptime}</dd></div>
        <div><dt>Restarts</dt><dd data-testid="restarts">{info.restarts ?? 0}</dd></div>
        <div><dt>Port</dt><dd>{info.port ?? '—'}</dd></div>
        <div><dt>Version</dt><dd>{info.version ?? '—'}</dd></div>
        {info.pid != null && <div><dt>PID</dt><dd>{info.pid}</dd></div>}
      </dl>
      {info.lastError && <p className={info.state === 'ready' ? 'last-error past' : 'last-error'} title={info.lastError} data-testid="last-error"><strong>Last error:</strong> {info.lastError}</p>}
      <div className="card-actions">
        {hasLogs && <button onClick={() => setShowLogs(!showLogs)} aria-expanded={showLogs} data-testid="toggle-logs">{showLogs ? 'Hide log' : 'Log tail'}</button>}
        <button disabled={restarting} aria-busy={restarting} data-testid="restart"
          onClick={() => action.ask
            ? confirm({ title: `Restart the ${label.toLowerCase()}?`, body: action.ask, confirmLabel: 'Restart', danger: true, onConfirm: () => void restart() })
            : void restart()}>{restarting ? `${action.doing[0].toUpperCase()}${action.doing.slice(1)}…` : action.label}</button>
      </div>
      {showLogs && hasLogs && <LogTail lines={logs!.slice(-200)} />}
    </article>
  );
}
