/** The instance monitor: definitions with counts, instances with filters and paging, one instance in detail. */
import type { Route } from '../app/route';
import { Definitions } from './Definitions';
import { Instances } from './Instances';
import { InstanceView } from './InstanceView';

export function Monitor({ route }: { route: Route }) {
  if (route.instanceId) return <InstanceView id={route.instanceId} />;
  const key = route.params.get('key') ?? undefined;
  return (
    <div className="monitor" data-testid="monitor">
      <Definitions selectedKey={key} />
      <Instances definitionKey={key} />
    </div>
  );
}
