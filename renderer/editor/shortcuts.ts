/** Editor keyboard shortcuts, bound to the window while the editor is shown. */
import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  save(): void; open(): void; newDiagram(): void; undo(): void; redo(): void; deploy(): void;
}

const isEditable = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

export function useEditorShortcuts(active: boolean, handlers: ShortcutHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      const h = ref.current;
      const run = (fn: () => void) => { e.preventDefault(); fn(); };
      if (key === 's' && !e.shiftKey) run(h.save);
      else if (key === 'o' && !e.shiftKey) run(h.open);
      else if (key === 'n' && !e.shiftKey) run(h.newDiagram);
      else if (key === 'd' && e.shiftKey) run(h.deploy);
      // the canvas handles its own undo/redo (and marks the event handled); text fields keep theirs
      else if (e.defaultPrevented || isEditable(e.target)) return;
      else if (key === 'z' && !e.shiftKey) run(h.undo);
      else if (key === 'y' || (key === 'z' && e.shiftKey)) run(h.redo);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [active]);
}
