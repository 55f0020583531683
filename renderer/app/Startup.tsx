/** The start-up screen: each boot phase with its state, progress, and a clear message when one fails. */
import { useStatus, componentLabel, componentRank } from './status';
import { StateBadge } from './StateBadge';

export function Startup({ onContinue }: { onContinue: () => void }) {
  const { status, error } = useStatus();
  const components = Object.values(status?.components ?? {}).sort((a, b) => componentRank(a.name) - componentRank(b.name));
  const ready = components.filter((c) => c.state === 'ready').length;
  const failed = components.filter((c) => c.state === 'failed');
  const progress = components.length ? ready / components.length : 0;

  return (
    <main className="startup" data-testid="startup">
      <div className="startup-card">
        <h1><span className="logo" aria-hidden>◆</span> ProcOS</h1>
        <p className="muted">
          {error ? 'Connecting to ProcOS…' : failed.length ? 'A component could not start.' : 'Starting your local process stack…'}
        </p>
        <div className="progress" role="progressbar" aria-label="Start-up progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)}>
          <div className="progress-bar" style={{ width: `${Math.max(4, progress * 100)}%` }} />
        </div>
        <ol className="phases">
          {components.map((c) => (
            <li key={c.name} className={`phase phase-${c.state}`} data-testid={`phase-${c.name}`} data-state={c.state}>
              <StateBadge state={c.state} />
              <span className="phase-name">{componentLabel(c.name)}</span>
              <span className="phase-detail muted">{c.state === 'failed' ? c.lastError ?? c.detail : c.detail}</span>
            </li>
          ))}
          {!components.length && <li className="phase muted">{error ?? 'Waiting for the kernel…'}</li>}
        </ol>
        {failed.length > 0 && (
          <div className="callout callout-error" role="alert" data-testid="startup-error">
            {failed.map((c) => <p key={c.name}><strong>{componentLabel(c.name)}:</strong> {c.lastError ?? c.detail}</p>)}
            <button onClick={onContinue}>Open ProcOS anyway</button>
          </div>
        )}
      </div>
    </main>
  );
}
