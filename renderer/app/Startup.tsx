/** The start-up screen: each boot phase with its state, progress, and a clear message when one fails. */
import { useStatus, componentLabel, componentRank } from './status';
import { StateBadge } from './StateBadge';

/** Shown instead of the phases when ProcOS cannot be asked: how to get in, in plain words. */
function CannotConnect({ error, noToken }: { error: string; noToken: boolean }) {
  return (
    <div className="connect-help" data-testid={noToken ? 'no-token' : 'not-reachable'} role="alert">
      <h2>{noToken ? 'This page needs the address with the access key' : 'ProcOS is not answering'}</h2>
      {noToken ? (
        <>
          <p>ProcOS only lets in browsers that were opened with the key it creates each time it starts. To get in:</p>
          <ol>
            <li>Open the address that <code>procos start</code> printed — the line <code>ProcOS ready at http://127.0.0.1:…/?token=…</code>. It signs this browser in.</li>
            <li>Lost it? The same address is saved as <code>url</code> in <code>runtime.json</code> in the ProcOS data folder (<code>$PROCOS_HOME</code>, or <code>~/.config/ProcOS</code> on Linux). Run <code>procos status</code> to check that ProcOS is running.</li>
          </ol>
        </>
      ) : (
        <p>Is ProcOS still running? Run <code>procos status</code> in a terminal, or start it again with <code>procos start</code> and open the address it prints. This page keeps trying.</p>
      )}
      <p className="muted small">Details: {error}</p>
    </div>
  );
}

export function Startup({ onContinue }: { onContinue: () => void }) {
  const { status, error, errorStatus } = useStatus();
  if (error && !status) {
    return (
      <main className="startup" data-testid="startup">
        <div className="startup-card">
          <h1><span className="logo" aria-hidden>◆</span> ProcOS</h1>
          <CannotConnect error={error} noToken={errorStatus === 401} />
        </div>
      </main>
    );
  }
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
