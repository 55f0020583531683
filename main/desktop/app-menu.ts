/**
 * The application menu: File (New, Open, Save, Deploy), Edit, View, Help (data folder, logs,
 * backup and restore, Camunda Cockpit). The editor's own key handler (renderer/platform/commands.ts) owns Ctrl/Cmd+N, O,
 * S and Shift+D, so those accelerators are shown here but not registered: a key press reaches the
 * page once, a menu click is sent to the renderer as a command.
 */
import { separator, type MenuItemSpec } from './menu-spec';

export interface AppMenuOptions {
  platform: string;
  appName?: string;
  closeToTray: boolean;
  /** development build: reload and developer tools in View */
  dev?: boolean;
  /** the engine answers: Cockpit can be opened */
  engineReady?: boolean;
}

export function appMenuTemplate(opts: AppMenuOptions): MenuItemSpec[] {
  const mac = opts.platform === 'darwin';
  const shown = (accelerator: string) => ({ accelerator, registerAccelerator: false });

  const file: MenuItemSpec = {
    label: 'File',
    submenu: [
      { label: 'New Diagram', command: 'file-new', ...shown('CmdOrCtrl+N') },
      { label: 'Open…', command: 'file-open', ...shown('CmdOrCtrl+O') },
      separator,
      { label: 'Save', command: 'file-save', ...shown('CmdOrCtrl+S') },
      { label: 'Save As…', command: 'file-save-as', accelerator: 'CmdOrCtrl+Shift+S' },
      separator,
      { label: 'Deploy…', command: 'file-deploy', ...shown('CmdOrCtrl+Shift+D') },
      separator,
      { label: 'Keep Running in the Tray When Closed', type: 'checkbox', checked: opts.closeToTray, command: 'toggle-close-to-tray' },
      ...(mac ? [] : [separator, { label: 'Quit', command: 'quit', accelerator: 'Ctrl+Q' } satisfies MenuItemSpec]),
    ],
  };

  const view: MenuItemSpec = {
    label: 'View',
    submenu: [
      ...(opts.dev ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator] as MenuItemSpec[] : []),
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemSpec = {
    label: 'Help',
    submenu: [
      { label: 'Open Data Folder', command: 'open-data-folder' },
      { label: 'Open Logs', command: 'open-logs' },
      separator,
      { label: 'Back Up Data…', command: 'backup-data' },
      { label: 'Restore from Backup…', command: 'restore-data' },
      separator,
      { label: 'Open Camunda Cockpit…', command: 'open-cockpit', enabled: opts.engineReady !== false },
      { label: 'Restart Engine', command: 'restart-engine' },
      ...(mac ? [] : [separator, { role: 'about', label: `About ${opts.appName ?? 'ProcOS'}` } satisfies MenuItemSpec]),
    ],
  };

  // macOS: the app menu carries About/Hide/Quit (role), and Quit must go through our quit command
  // too — role 'appMenu' quits through app.quit(), which main intercepts in before-quit.
  return [
    ...(mac ? [{ role: 'appMenu', label: opts.appName ?? 'ProcOS' } satisfies MenuItemSpec] : []),
    file,
    { role: 'editMenu' },
    view,
    ...(mac ? [{ role: 'windowMenu' } satisfies MenuItemSpec] : []),
    help,
  ];
}
