/**
 * The side panels' state: the width and collapsed state each panel's user chose (kept in the
 * browser's storage), laid out (panelLayout.ts) in the editor body's width as it is now.
 */
import { useCallback, useEffect, useState, type RefObject } from 'react';
import { layoutPanels, type PanelSize, type PanelWish } from './panelLayout';

const STORAGE = 'procos.editor.panels';
export const DEFAULT_WIDTHS: Record<string, number> = { xml: 460, copilot: 340, properties: 340 };

type Chosen = Record<string, { width: number; collapsed: boolean }>;

function load(): Chosen {
  try { return JSON.parse(localStorage.getItem(STORAGE) ?? '{}') as Chosen; } catch { return {}; }
}

export interface Panels {
  size(id: string): PanelSize;
  resize(id: string, width: number): void;
  toggle(id: string): void;
}

/** `open`: the panels shown now, left to right. */
export function usePanels(body: RefObject<HTMLElement | null>, open: string[]): Panels {
  const [chosen, setChosen] = useState<Chosen>(load);
  const [total, setTotal] = useState(0);
  useEffect(() => {
    const el = body.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setTotal(el.clientWidth));
    observer.observe(el);
    setTotal(el.clientWidth);
    return () => observer.disconnect();
  }, [body]);
  useEffect(() => { try { localStorage.setItem(STORAGE, JSON.stringify(chosen)); } catch { /* kept for this page */ } }, [chosen]);

  const wishes: PanelWish[] = open.map((id) => ({ id, width: chosen[id]?.width ?? DEFAULT_WIDTHS[id] ?? 320, collapsed: !!chosen[id]?.collapsed }));
  const sizes = total ? layoutPanels(total, wishes) : {};
  const patch = useCallback((id: string, change: Partial<Chosen[string]>) => setChosen((all) => ({
    ...all, [id]: { width: all[id]?.width ?? DEFAULT_WIDTHS[id] ?? 320, collapsed: !!all[id]?.collapsed, ...change },
  })), []);
  return {
    size: (id) => sizes[id] ?? { width: DEFAULT_WIDTHS[id] ?? 320, collapsed: !!chosen[id]?.collapsed, max: DEFAULT_WIDTHS[id] ?? 320 },
    resize: (id, width) => patch(id, { width: Math.round(width), collapsed: false }),
    toggle: (id) => patch(id, { collapsed: !(sizes[id]?.collapsed ?? chosen[id]?.collapsed) }),
  };
}
