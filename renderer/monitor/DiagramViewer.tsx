/** A read-only diagram (bpmn-js NavigatedViewer) with the instance overlaid: path taken, tokens, incidents. */
import { useEffect, useRef } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type { ActivityStep, IncidentInfo } from '../../common/contract';
import { diagramColors } from '../editor/theme';

interface Props { xml: string; activities: ActivityStep[]; activeIds: string[]; incidents: IncidentInfo[] }
interface Element { id: string; type: string; source?: Element; target?: Element; waypoints?: unknown }
interface Canvas { addMarker(id: string, m: string): void; zoom(v: string, center?: string): void }
interface Overlays { add(id: string, o: { position: Record<string, number>; html: HTMLElement }): void; clear(): void }

function badge(text: string, cls: string, testId: string, title: string): HTMLElement {
  const el = document.createElement('div');
  el.className = `diagram-badge ${cls}`;
  el.textContent = text;
  el.title = title;
  el.setAttribute('data-testid', testId);
  return el;
}

export function DiagramViewer({ xml, activities, activeIds, incidents }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer>(undefined);
  const imported = useRef<string>(undefined);

  useEffect(() => {
    viewer.current = new NavigatedViewer({ container: container.current!, bpmnRenderer: diagramColors() } as ConstructorParameters<typeof NavigatedViewer>[0]);
    return () => viewer.current?.destroy();
  }, []);

  useEffect(() => {
    let stale = false;
    (async () => {
      const v = viewer.current!;
      if (imported.current !== xml) {
        await v.importXML(xml);
        imported.current = xml;
        v.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
      }
      if (stale) return;
      const canvas = v.get<Canvas>('canvas');
      const overlays = v.get<Overlays>('overlays');
      const registry = v.get<{ getAll(): Element[]; get(id: string): Element | undefined }>('elementRegistry');
      overlays.clear();
      const all = registry.getAll();
      for (const el of all) for (const m of ['procos-taken', 'procos-active', 'procos-incident']) {
        (canvas as unknown as { removeMarker(id: string, m: string): void }).removeMarker(el.id, m);
      }
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
    })().catch(() => { /* the instance view shows the XML error itself */ });
    return () => { stale = true; };
  }, [xml, activities, activeIds, incidents]);

  return <div className="diagram-viewer" ref={container} data-testid="instance-diagram" aria-label="Process diagram" />;
}
