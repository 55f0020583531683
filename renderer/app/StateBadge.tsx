/** A coloured dot + word for a component or instance state. */
const tone: Record<string, string> = {
  ready: 'ok', COMPLETED: 'ok', healthy: 'ok',
  starting: 'warn', degraded: 'warn', ACTIVE: 'info', SUSPENDED: 'warn',
  failed: 'bad', INCIDENT: 'bad', unhealthy: 'bad', TIMEOUT: 'bad',
  stopped: 'off', CANCELED: 'off',
};

export function StateBadge({ state, label }: { state: string; label?: string }) {
  return (
    <span className={`badge badge-${tone[state] ?? 'off'}`} data-state={state}>
      <span className="dot" aria-hidden />
      {label ?? state.toLowerCase()}
    </span>
  );
}
