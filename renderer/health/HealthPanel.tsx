/** The health panel: a card per component, then the worker registry. */
import { useStatus, componentRank } from '../app/status';
import { StateBadge } from '../app/StateBadge';
import { ComponentCard } from './ComponentCard';
import { WorkersTable } from './WorkersTable';

export function HealthPanel() {
  const { status, error } = useStatus();
  const components = Object.values(status?.components ?? {}).sort((a, b) => componentRank(a.name) - componentRank(b.name) || a.name.localeCompare(b.name));
  return (
    <div className="health" data-testid="health-panel">
      <header className="panel-head page-head">
        <h2>System health</h2>
        {status && <StateBadge state={status.health} />}
      </header>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="cards">
        {components.map((c) => <ComponentCard key={c.name} info={c} />)}
      </div>
      <WorkersTable />
    </div>
  );
}
