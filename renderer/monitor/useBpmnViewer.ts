/**
 * A read-only bpmn-js viewer in a container: imports the XML once per change and fits it to the
 * container — but only when the container has a size. A diagram opened in a hidden or zero-size
 * container (a deep link, a view not shown yet) waits for a size instead of asking SVG to scale by
 * NaN ("Failed to execute 'scale' on 'SVGMatrix'").
 */
import { useEffect, useRef, useState } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { diagramColors } from '../editor/theme';

export interface Canvas { addMarker(id: string, m: string): void; removeMarker(id: string, m: string): void; zoom(v: string, center?: string): void }
export interface Overlays { add(id: string, o: { position: Record<string, number>; html: HTMLElement }): void; clear(): void }
export interface DiagramElement { id: string; type: string; source?: DiagramElement; target?: DiagramElement; waypoints?: unknown }
export interface Registry { getAll(): DiagramElement[]; get(id: string): DiagramElement | undefined }

export interface LoadedViewer { canvas: Canvas; overlays: Overlays; registry: Registry }

const hasSize = (el: HTMLElement) => el.clientWidth > 0 && el.clientHeight > 0;

/** Returns the container ref and, once the XML is imported, the viewer's services (new object per import). */
export function useBpmnViewer(xml: string | undefined) {
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer>(undefined);
  const imported = useRef(false); // a diagram is in the viewer
  const fitted = useRef(false); // …and has been fitted to a container that had a size
  const [loaded, setLoaded] = useState<LoadedViewer>();
  const [error, setError] = useState<string>();

  const fit = () => {
    const el = container.current;
    if (fitted.current || !imported.current || !el || !hasSize(el)) return;
    try { viewer.current!.get<Canvas>('canvas').zoom('fit-viewport', 'auto'); fitted.current = true; } catch { /* not laid out yet */ }
  };

  useEffect(() => {
    viewer.current = new NavigatedViewer({ container: container.current!, bpmnRenderer: diagramColors() } as ConstructorParameters<typeof NavigatedViewer>[0]);
    const observer = new ResizeObserver(fit);
    observer.observe(container.current!);
    return () => { observer.disconnect(); viewer.current?.destroy(); };
  }, []);

  useEffect(() => {
    if (!xml) return;
    let stale = false;
    const v = viewer.current!;
    v.importXML(xml).then(() => {
      if (stale) return;
      imported.current = true;
      fitted.current = false;
      fit();
      setError(undefined);
      setLoaded({ canvas: v.get<Canvas>('canvas'), overlays: v.get<Overlays>('overlays'), registry: v.get<Registry>('elementRegistry') });
    }, (e: Error) => { if (!stale) setError(e.message); });
    return () => { stale = true; };
  }, [xml]);

  return { container, loaded, error };
}

export function badge(text: string, cls: string, testId: string, title: string): HTMLElement {
  const el = document.createElement('div');
  el.className = `diagram-badge ${cls}`;
  el.textContent = text;
  el.title = title;
  el.setAttribute('data-testid', testId);
  return el;
}
