/**
 * A side panel of the editor, as in Camunda Modeler: a handle on its left edge to drag it wider or
 * narrower (or, focused, the arrow keys; a window splitter for assistive technology), a button to
 * collapse it to a strip and one on the strip to open it again. Its content stays mounted meanwhile.
 */
import { useRef, type ReactNode } from 'react';
import { PANEL_MIN, type PanelSize } from './panelLayout';

interface Props {
  id: string; label: string; size: PanelSize; children: ReactNode;
  onResize(width: number): void; onToggle(): void;
  /** a control of its own beside the collapse button (e.g. close) */
  extra?: ReactNode;
  /** not shown now, its content kept */
  hidden?: boolean;
}

const STEP = 24;

export function SidePanel({ id, label, size, children, onResize, onToggle, extra, hidden }: Props) {
  const drag = useRef<{ x: number; width: number }>(undefined);
  const clamp = (w: number) => Math.min(size.max, Math.max(PANEL_MIN, w));
  const { collapsed } = size;
  // one tree whatever the state: the content (the properties panel's own DOM) is never re-created
  return (
    <div className={collapsed ? 'side-panel collapsed' : 'side-panel'} style={collapsed ? undefined : { width: size.width }}
      data-testid={`side-panel-${id}`} data-collapsed={collapsed} hidden={hidden}>
      {!collapsed && (
        <div className="panel-resizer" role="separator" aria-orientation="vertical" tabIndex={0} aria-label={`Resize ${label}`}
          aria-valuenow={size.width} aria-valuemin={PANEL_MIN} aria-valuemax={Math.max(size.max, PANEL_MIN)} data-testid={`panel-resizer-${id}`}
          onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); drag.current = { x: e.clientX, width: size.width }; }}
          onPointerMove={(e) => { if (drag.current) onResize(clamp(drag.current.width + drag.current.x - e.clientX)); }}
          onPointerUp={() => { drag.current = undefined; }}
          onKeyDown={(e) => {
            const to = { ArrowLeft: size.width + STEP, ArrowRight: size.width - STEP, Home: size.max, End: PANEL_MIN }[e.key];
            if (to !== undefined) { e.preventDefault(); onResize(clamp(to)); }
          }} />
      )}
      {collapsed && (
        <button className="panel-expand" onClick={onToggle} aria-expanded={false} aria-label={`Show ${label}`} title={`Show ${label}`}
          data-testid={`panel-expand-${id}`}><span aria-hidden>{label}</span></button>
      )}
      <div className="side-panel-main" hidden={collapsed}>
        <div className="side-panel-head">
          <span className="side-panel-title">{label}</span>
          {extra}
          <button className="icon-button" onClick={onToggle} aria-expanded aria-label={`Collapse ${label}`} title={`Collapse ${label}`}
            data-testid={`panel-collapse-${id}`}>»</button>
        </div>
        <div className="side-panel-body">{children}</div>
      </div>
    </div>
  );
}
