/** One supervised component: state, uptime, restarts, last error, port, version, log tail, restart. */
import { useEffect, useState } from 'react';
import type { ComponentInfo } from '../../common/contract';
import { api, errorText } from '../api';
import { useStatus, componentLabel } from '../app/status';
import { useNotify } from '../app/notices';
import { duration } from '../app/format';
import { StateBadge } from '../app/StateBadge';

export function ComponentCard({ info }: { info: ComponentInfo }) {
  const { refresh } = useStatus();
  const notify = useNotify();
  const [logs, setLogs] = useState<string[]>();
  const [showLogs, setShowLogs] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!showLogs) return;
    const load = () => api().logs({ name: info.name }).then(setLogs, (e) => setLogs([`(could not read logs: ${errorText(e)})`]));
    load();
    const t = setInterval(load, 3000);
    return () => clearInterval(t);
  }, [showLogs, info.name]);

  async function restart() {
    setBusy(true);
    try { await api().restartComponent({ name: info.name }); notify({ kind: 'info', title: `${componentLabel(info.name)} restarting` }); }
    catch (e) { notify({ kind: 'error', title: `Could not restart ${info.name}`, body: errorText(e) }); }
    finally { setBusy(false); refresh(); }
  }

  const uptime = info.state === 'ready' && info.readySince ? duration(Date.now() - info.readySince) : '—';
  return (
    <article className={`card card-${info.state}`} data-testid={`component-${info.name}`} data-state={info.state} aria-label={componentLabel(info.name)}>
      <header className="card-head">
        <h3>{componentLabel(info.name)}</h3>
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
        <button onClick={() => setShowLogs(!showLogs)} aria-expanded={showLogs} data-testid="toggle-logs">{showLogs ? 'Hide log' : 'Log tail'}</button>
        <button onClick={restart} disabled={busy} data-testid="restart">Restart</button>
      </div>
      {showLogs && <pre className="code log-tail" data-testid="log-tail">{logs?.slice(-40).join('\n') || 'No log lines yet.'}</pre>}
    </article>
  );
}
