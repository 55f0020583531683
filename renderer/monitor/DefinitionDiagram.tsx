/** The selected definition's diagram with per-activity counts from the engine's statistics:
 * tokens waiting there now, runs that passed it, open incidents. */
import { useEffect } from 'react';
import { api } from '../api';
import { isProcessEvent, useLive } from '../app/useLive';
import { badge, useBpmnViewer } from './useBpmnViewer';

export function DefinitionDiagram({ definitionId }: { definitionId: string }) {
  const xml = useLive(() => api().definitionXml({ id: definitionId }), [definitionId], () => false);
  const stats = useLive(() => api().activityStatistics({ id: definitionId }), [definitionId], isProcessEvent, 10000);
  const { container, loaded, error } = useBpmnViewer(xml.data);

  useEffect(() => {
    if (!loaded || !stats.data) return;
    const { overlays, registry, canvas } = loaded;
    overlays.clear();
    for (const el of registry.getAll()) canvas.removeMarker(el.id, 'procos-incident');
    for (const s of stats.data) {
      if (!registry.get(s.activityId)) continue;
      if (s.active) overlays.add(s.activityId, { position: { bottom: 10, left: -8 }, html: badge(String(s.active), 'token', 'stat-active', `${s.active} running here now`) });
      if (s.incidents) {
        canvas.addMarker(s.activityId, 'procos-incident');
        overlays.add(s.activityId, { position: { bottom: 10, right: 8 }, html: badge(`! ${s.incidents}`, 'incident', 'stat-incidents', `${s.incidents} open incident(s)`) });
      }
      if (s.finished) overlays.add(s.activityId, { position: { top: -10, right: 8 }, html: badge(`✓ ${s.finished}`, 'finished', 'stat-finished', `passed ${s.finished} time(s)`) });
    }
  }, [loaded, stats.data]);

  return (
    <section className="panel definition-diagram" aria-label="Definition diagram" data-testid="definition-diagram">
      <header className="panel-head">
        <h2>Diagram</h2>
        <span className="legend small muted">
          <span className="diagram-badge token">n</span> running now
          <span className="diagram-badge incident">! n</span> open incidents
          <span className="diagram-badge finished">✓ n</span> passed
        </span>
      </header>
      {(xml.error || stats.error || error) && <p className="error-text" role="alert">{xml.error ?? stats.error ?? error}</p>}
      <div className="diagram-viewer definition-viewer" ref={container} aria-label="Process diagram with counts" />
    </section>
  );
}
