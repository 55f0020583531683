/**
 * Menus as plain data: the tray and the application menu are built by pure functions returning
 * these specs (unit-tested), and main/app.ts turns them into Electron menus, binding each
 * `command` to its action.
 */

/** Everything a menu item can ask main to do. */
export type DesktopCommand =
  | 'show-window' | 'open-tasks'
  | 'file-new' | 'file-open' | 'file-save' | 'file-save-as' | 'file-deploy'
  | 'toggle-close-to-tray'
  | 'open-data-folder' | 'open-logs' | 'open-cockpit'
  | 'backup-data' | 'restore-data'
  | 'restart-engine'
  | 'quit';

/** The Electron menu roles this app uses (a subset of Electron's MenuItem roles). */
export type MenuRole =
  | 'appMenu' | 'editMenu' | 'windowMenu' | 'quit' | 'about'
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'
  | 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen';

export interface MenuItemSpec {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox' | 'submenu';
  role?: MenuRole;
  command?: DesktopCommand;
  accelerator?: string;
  /** false: the accelerator is only shown; the renderer's own key handler does the work */
  registerAccelerator?: boolean;
  enabled?: boolean;
  checked?: boolean;
  /** hover text (macOS / Windows) */
  toolTip?: string;
  submenu?: MenuItemSpec[];
}

export const separator: MenuItemSpec = { type: 'separator' };

/** Every command reachable from a template, depth first (for tests and for wiring checks). */
export function commandsOf(items: MenuItemSpec[]): DesktopCommand[] {
  return items.flatMap((i) => [...(i.command ? [i.command] : []), ...commandsOf(i.submenu ?? [])]);
}

/** The item carrying a command, depth first. */
export function findCommand(items: MenuItemSpec[], command: DesktopCommand): MenuItemSpec | undefined {
  for (const item of items) {
    if (item.command === command) return item;
    const found = findCommand(item.submenu ?? [], command);
    if (found) return found;
  }
  return undefined;
}
