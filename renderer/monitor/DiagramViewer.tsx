/** A read-only diagram (bpmn-js NavigatedViewer) with the instance overlaid: path taken, tokens, incidents. */
import { useEffect } from 'react';
import type { ActivityStep, IncidentInfo } from '../../common/contract';
import { badge, useBpmnViewer } from './useBpmnViewer';

interface Props { xml: string; activities: ActivityStep[]; activeIds: string[]; incidents: IncidentInfo[] }
const MARKERS = ['procos-taken', 'procos-active', 'procos-incident'];

export function DiagramViewer({ xml, activities, activeIds, incidents }: Props) {
  const { container, loaded, error } = useBpmnViewer(xml);

  useEffect(() => {
    if (!loaded) return;
    const { canvas, overlays, registry } = loaded;
    overlays.clear();
    const all = registry.getAll();
    for (const el of all) for (const m of MARKERS) canvas.removeMarker(el.id, m);
    const taken = new Set(activities.filter((a) => a.endTime && !a.canceled).map((a) => a.activityId));
    for (const id of taken) if (registry.get(id)) canvas.addMarker(id, 'procos-taken');
    const visited = new Set(activities.map((a) => a.activityId));
    for (const el of all) {
      if (el.waypoints && el.source && el.target && taken.has(el.source.id) && visited.has(el.target.id)) canvas.addMarker(el.id, 'procos-taken');
    }
    const counts = new Map<string, number>();
    for (const id of activeIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const [id, n] of counts) {
      if (!registry.get(id)) continue;
      canvas.addMarker(id, 'procos-active');
      overlays.add(id, { position: { bottom: 10, left: -8 }, html: badge(String(n), 'token', 'token-overlay', `${n} active token(s)`) });
    }
    const incidentCounts = new Map<string, number>();
    for (const i of incidents) if (i.activityId) incidentCounts.set(i.activityId, (incidentCounts.get(i.activityId) ?? 0) + 1);
    for (const [id, n] of incidentCounts) {
      if (!registry.get(id)) continue;
      canvas.addMarker(id, 'procos-incident');
      overlays.add(id, { position: { bottom: 10, right: 8 }, html: badge(`! ${n}`, 'incident', 'incident-overlay', `${n} incident(s)`) });
    }
  }, [loaded, activities, activeIds, incidents]);

  return (
    <div className="diagram-viewer" ref={container} data-testid="instance-diagram" aria-label="Process diagram">
      {error && <p className="error-text diagram-error" role="alert">The diagram cannot be shown: {error}</p>}
    </div>
  );
}
