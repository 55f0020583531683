/**
 * One command source for the editor: the desktop app's File menu (through the bridge) and the
 * keyboard. Menu accelerators the shell registers itself (Save As) are left to the menu in the
 * desktop app, so one key press runs a command once; the others are shown in the menu only and
 * handled here (main/desktop/app-menu.ts).
 */
import { useEffect, useRef } from 'react';
import { desktopBridge } from './desktop';

export type EditorCommand = 'new' | 'open' | 'save' | 'save-as' | 'deploy' | 'undo' | 'redo';

const isEditable = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** The command a key press asks for, if any. */
export function keyCommand(e: KeyboardEvent, desktop: boolean): EditorCommand | undefined {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined;
  const key = e.key.toLowerCase();
  if (key === 's') return e.shiftKey ? (desktop ? undefined : 'save-as') : 'save';
  if (key === 'o' && !e.shiftKey) return 'open';
  if (key === 'n' && !e.shiftKey) return 'new';
  if (key === 'd' && e.shiftKey) return 'deploy';
  // the canvas handles its own undo/redo (and marks the event handled); text fields keep theirs
  if (e.defaultPrevented || isEditable(e.target)) return undefined;
  if (key === 'z' && !e.shiftKey) return 'undo';
  if (key === 'y' || (key === 'z' && e.shiftKey)) return 'redo';
  return undefined;
}

/**
 * Runs `run(command)` for every File menu command (always: the menu works from any workspace) and,
 * while `keys` is true, for the editor's shortcuts.
 */
export function useCommands(keys: boolean, run: (command: EditorCommand) => void): void {
  const ref = useRef(run);
  ref.current = run;
  useEffect(() => desktopBridge()?.onMenuCommand((command) => ref.current(command)), []);
  useEffect(() => {
    if (!keys) return;
    const desktop = !!desktopBridge();
    const onKey = (e: KeyboardEvent) => {
      const command = keyCommand(e, desktop);
      if (!command) return;
      e.preventDefault();
      ref.current(command);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [keys]);
}
