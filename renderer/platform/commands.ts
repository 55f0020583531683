/**
 * One command source for the editor: the desktop app's File menu (through the bridge) and the
 * keyboard. Menu accelerators the shell registers itself (Save As) are left to the menu in the
 * desktop app, so one key press runs a command once; the others are shown in the menu only and
 * handled here (main/desktop/app-menu.ts).
 */
import { useEffect, useRef } from 'react';
import { desktopBridge } from './desktop';

export type EditorCommand = 'new' | 'open' | 'save' | 'save-as' | 'deploy' | 'undo' | 'redo' | 'close-tab' | 'next-tab' | 'previous-tab';

const isEditable = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** The command a key press asks for, if any. */
export function keyCommand(e: KeyboardEvent, desktop: boolean): EditorCommand | undefined {
  const key = e.key.toLowerCase();
  // tabs: a browser keeps Ctrl+W (closes the page) and Ctrl+Tab for itself, so Alt+W and
  // Alt+PageDown/PageUp work everywhere; Ctrl+Tab reaches the page in the desktop app only
  if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
    if (key === 'w') return 'close-tab';
    if (key === 'pagedown') return 'next-tab';
    if (key === 'pageup') return 'previous-tab';
    return undefined;
  }
  if (e.ctrlKey && !e.altKey && key === 'tab') return e.shiftKey ? 'previous-tab' : 'next-tab';
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined;
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
