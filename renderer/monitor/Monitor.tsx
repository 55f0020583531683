/** The instance monitor: definitions with counts, the selected one's diagram with per-activity counts,
 * instances with filters and paging, one instance in detail. ProcOS's own processes are hidden unless shown. */
import { useState } from 'react';
import type { Route } from '../app/route';
import { api } from '../api';
import { isProcessEvent, useLive } from '../app/useLive';
import { Definitions } from './Definitions';
import { DefinitionDiagram } from './DefinitionDiagram';
import { Instances } from './Instances';
import { InstanceView } from './InstanceView';

const SYSTEM_KEY = 'procos.monitor.showSystem';

export function Monitor({ route }: { route: Route }) {
  const [showSystem, setShowSystemState] = useState(() => localStorage.getItem(SYSTEM_KEY) === 'true');
  const setShowSystem = (v: boolean) => { localStorage.setItem(SYSTEM_KEY, String(v)); setShowSystemState(v); };
  const key = route.params.get('key') ?? undefined;
  const defs = useLive(() => (key ? api().definitions() : Promise.resolve([])), [key], isProcessEvent);
  if (route.instanceId) return <InstanceView id={route.instanceId} />;
  const selected = defs.data?.find((d) => d.key === key);
  return (
    <div className="monitor" data-testid="monitor">
      <div className="monitor-bar">
        <label className="toggle">
          <input type="checkbox" checked={showSystem} onChange={(e) => setShowSystem(e.target.checked)} data-testid="show-system" />
          Show system processes
        </label>
      </div>
      <Definitions selectedKey={key} showSystem={showSystem} />
      <div className="monitor-main">
        {selected && <DefinitionDiagram definitionId={selected.id} />}
        <Instances definitionKey={key} includeSystem={showSystem} />
      </div>
    </div>
  );
}
