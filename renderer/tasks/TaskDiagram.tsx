/** The task's process diagram (read-only), its step marked: where this instance waits for you. */
import { useEffect } from 'react';
import { api } from '../api';
import { useLive } from '../app/useLive';
import { useBpmnViewer } from '../monitor/useBpmnViewer';

export function TaskDiagram({ definitionId, elementId }: { definitionId: string; elementId: string }) {
  const xml = useLive(() => api().definitionXml({ id: definitionId }), [definitionId], () => false);
  const { container, loaded, error } = useBpmnViewer(xml.data);

  useEffect(() => {
    if (!loaded || !loaded.registry.get(elementId)) return;
    loaded.canvas.addMarker(elementId, 'procos-active');
    return () => loaded.canvas.removeMarker(elementId, 'procos-active');
  }, [loaded, elementId]);

  return (
    <div className="diagram-viewer task-diagram" ref={container} aria-label="Process diagram, this step marked" data-testid="task-diagram" data-step={elementId}
      data-marked={loaded && loaded.registry.get(elementId) ? 'true' : 'false'}>
      {(xml.error || error) && <p className="error-text diagram-error" role="alert">The diagram cannot be shown: {xml.error ?? error}</p>}
    </div>
  );
}
