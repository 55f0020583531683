/**
 * The Electron shell, and only the shell: single-instance lock with file hand-over, the window
 * (sandboxed, context-isolated, strict CSP, no navigation or new windows), the application menu,
 * the tray, and IPC wiring to the kernel. Decisions live in main/desktop/* as plain, tested
 * functions; this file binds them to Electron. Quit stops the kernel (workers, engine, and Ollama if
 * ProcOS started it) before the process exits.
 */
import {
  app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeImage, Notification, session, shell, Tray,
  type IpcMainEvent, type IpcMainInvokeEvent, type MenuItemConstructorOptions, type WebContents,
} from 'electron';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ApiMethods, type KernelEvent, type StatusReport } from '../common/contract';
import { dispatch } from './api/dispatch';
import type { Kernel } from './kernel/index';
import { electronLauncher } from './electron-launcher';
import { appMenuTemplate } from './desktop/app-menu';
import { Channels, parseSaveRequest, toIpcResult, type MenuCommand, type SaveRequest } from './desktop/bridge';
import { backupDoneDialog, backupFileName, BACKUP_FILTERS, restoreConfirmDialog, restoreDoneDialog, restoreFailedDialog, type MessageDialog } from './desktop/backup';
import { cockpitDialog, externalUrl } from './desktop/cockpit';
import {
  bpmnPathsFromArgv, defaultSaveName, filesFromSecondInstance, handoverData, PathGrants, PendingFiles, readBpmnFile,
} from './desktop/files';
import { appendDesktopLog, desktopLogLine, writeLogSnapshot } from './desktop/logs';
import type { DesktopCommand, MenuItemSpec } from './desktop/menu-spec';
import { argvSkip, desktopPaths, kernelEnv } from './desktop/paths';
import { trayIconFile, trayMenuTemplate, trayState, trayTooltip } from './desktop/tray';
import { notifyTasksSetting, taskNotice, tasksWaiting } from './desktop/task-alerts';
import {
  allowPermission, CLOSE_TO_TRAY_SETTING, closeHidesToTray, closeToTraySetting, isAppUrl, mainWindowOptions, withCsp,
} from './desktop/window';

// The data dir is Electron's userData, named explicitly (setName alone does not move it): PROCOS_HOME
// if set, else <appData>/ProcOS — the same folder the kernel's dataDir() and the CLI use.
app.setName('ProcOS');
app.setPath('userData', process.env.PROCOS_HOME ? resolve(process.env.PROCOS_HOME) : join(app.getPath('appData'), 'ProcOS'));
const home = app.getPath('userData');
const dev = !app.isPackaged;
const skip = argvSkip(app.isPackaged);
const paths = desktopPaths({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath });
Object.assign(process.env, kernelEnv(paths, process.env)); // before the kernel module loads
const appIndexUrl = pathToFileURL(paths.rendererIndex).href;
const BPMN_FILTERS = [{ name: 'BPMN diagrams and Camunda Forms', extensions: ['bpmn', 'xml', 'form'] }];

let kernel: Kernel | undefined;
let httpApi: { close(): Promise<void> } | undefined;
let win: BrowserWindow | undefined;
let tray: Tray | undefined;
let closeToTray = true;
let quitting = false;
let stopped = false;
let stopping: Promise<void> | undefined;
let refreshTimer: NodeJS.Timeout | undefined;
let taskCountTimer: NodeJS.Timeout | undefined;
/** open tasks for you (mine + unassigned), for the tray; unknown until the engine answers */
let waiting: number | undefined;
const shown = new Set<Notification>();
let appMenuKey = '';
const grants = new PathGrants();
const pending = new PendingFiles((path) => void sendFile(path));

if (!app.requestSingleInstanceLock(handoverData(process.argv, process.cwd(), skip))) {
  app.quit(); // the running instance got our files through 'second-instance'
} else {
  pending.add(bpmnPathsFromArgv(process.argv, process.cwd(), skip));
  app.on('second-instance', (_e, argv, cwd, data) => { pending.add(filesFromSecondInstance(argv, cwd, data, skip)); showWindow(); });
  app.on('open-file', (e, path) => { e.preventDefault(); pending.add([path]); if (app.isReady()) showWindow(); });
  app.on('web-contents-created', (_e, contents) => harden(contents));
  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => { if (!tray || !closeToTray) app.quit(); });
  app.on('before-quit', (e) => {
    quitting = true;
    if (stopped || !kernel) return;
    e.preventDefault();
    stopping ??= shutdown().finally(() => { stopped = true; app.quit(); });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
  app.whenReady().then(boot).catch((err: Error) => {
    dialog.showErrorBox('ProcOS could not start', err.stack ?? err.message);
    app.exit(1);
  });
}

async function boot() {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCsp(details.responseHeaders) }));
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));

  const { Kernel } = await import('./kernel/index');
  const bundledWorkers = existsSync(paths.workerEntry);
  kernel = new Kernel({
    home,
    // without the worker bundle (a development run before the build), the kernel forks workers/main.ts itself
    ...(bundledWorkers ? { launcher: electronLauncher, workerEntry: paths.workerEntry } : {}),
  });
  appendDesktopLog(home, `${new Date().toISOString()} desktop start: workers in ${bundledWorkers ? 'utilityProcess' : 'child processes'}`);
  kernel.on('event', onKernelEvent);
  closeToTray = closeToTraySetting(await kernel.api.settings());
  registerIpc(kernel);
  createTray();
  refreshShell();
  createWindow();

  // The same token-protected HTTP API as headless mode, so `procos status|deploy|run` reach this app.
  const { serveHeadless } = await import('./headless');
  httpApi = await serveHeadless(kernel).catch((err: Error) => {
    appendDesktopLog(home, `HTTP API not started: ${err.message}`);
    return undefined;
  });
  kernel.start().catch((err: Error) => appendDesktopLog(home, `${new Date().toISOString()} start-up failed: ${err.message}`));
}

async function shutdown() {
  tray?.setToolTip('ProcOS — stopping…');
  win?.destroy();
  win = undefined;
  await httpApi?.close().catch(() => undefined);
  const timeout = new Promise<void>((r) => setTimeout(r, 45_000).unref());
  await Promise.race([kernel!.stop().catch((err: Error) => appendDesktopLog(home, `stop: ${err.message}`)), timeout]);
  appendDesktopLog(home, `${new Date().toISOString()} desktop stopped`);
  tray?.destroy();
  tray = undefined;
}

function onKernelEvent(event: KernelEvent) {
  toPage(Channels.event, event);
  const line = desktopLogLine(event);
  if (line) appendDesktopLog(home, line);
  if (event.type === 'component') {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshShell, 100);
  }
  if (event.type === 'user-task' || (event.type === 'component' && event.name === 'engine')) {
    clearTimeout(taskCountTimer);
    taskCountTimer = setTimeout(() => void countTasks(), 300);
  }
  if (event.type === 'user-task') void notifyTask(event);
}

/** The tray's "N tasks waiting", from the kernel's counts. */
async function countTasks() {
  const list = await kernel?.api.tasks({ filter: 'all', firstResult: 0, maxResults: 1 }).catch(() => undefined);
  waiting = tasksWaiting(list?.counts);
  refreshShell();
}

/** A native notification for a task that arrived for you; a click opens it. */
async function notifyTask(event: KernelEvent) {
  if (!kernel || !Notification.isSupported()) return;
  const notice = taskNotice(event, kernel.tasks.user(), notifyTasksSetting(await kernel.api.settings()));
  if (!notice) return;
  const n = new Notification({ title: notice.title, body: notice.body, icon: join(paths.icons, 'icon.png') });
  shown.add(n); // held until it closes: a collected notification no longer answers its click
  n.on('click', () => { shown.delete(n); showWindow(); toPage(Channels.navigate, notice.route); });
  n.on('close', () => shown.delete(n));
  n.show();
}

/** To the page, if there is one (events keep coming while the window is being destroyed). */
function toPage(channel: string, value: unknown) {
  if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(channel, value);
}

function status(): StatusReport | undefined {
  return stopped || !kernel ? undefined : kernel.status();
}

/** Tray icon, tooltip and menu, and the application menu, from the current status. */
function refreshShell() {
  const s = status();
  const engineReady = s?.components.engine?.state === 'ready';
  if (appMenuKey !== `${closeToTray}|${engineReady}`) { // rebuilt only on change: an open menu stays open
    appMenuKey = `${closeToTray}|${engineReady}`;
    Menu.setApplicationMenu(Menu.buildFromTemplate(toElectron(
      appMenuTemplate({ platform: process.platform, closeToTray, dev, engineReady }))));
  }
  if (!tray) return;
  tray.setImage(nativeImage.createFromPath(join(paths.icons, trayIconFile(trayState(s)))));
  tray.setToolTip(trayTooltip(s, process.platform, waiting));
  tray.setContextMenu(Menu.buildFromTemplate(toElectron(trayMenuTemplate(s, { closeToTray, tasksWaiting: waiting }))));
}

function createTray() {
  try {
    tray = new Tray(nativeImage.createFromPath(join(paths.icons, trayIconFile('starting'))));
    tray.on('click', () => showWindow());
  } catch (err) {
    appendDesktopLog(home, `no tray: ${(err as Error).message}`); // closing the window then quits
  }
}

function createWindow() {
  const icon = join(paths.icons, 'icon.png');
  win = new BrowserWindow(mainWindowOptions({ preload: paths.preload, icon: existsSync(icon) ? icon : undefined }, { dev }));
  win.once('ready-to-show', () => win?.show());
  win.on('close', (e) => {
    if (closeHidesToTray({ quitting, closeToTray, hasTray: !!tray })) { e.preventDefault(); win?.hide(); }
  });
  win.on('closed', () => { win = undefined; pending.pause(); });
  win.webContents.on('did-start-loading', () => pending.pause());
  if (existsSync(paths.rendererIndex)) void win.loadFile(paths.rendererIndex);
  else void win.loadURL(`data:text/html,${encodeURIComponent('<h1>ProcOS</h1><p>The renderer is not built (dist/renderer/index.html).</p>')}`);
}

function showWindow() {
  if (!app.isReady() || stopping) return;
  if (!win) createWindow();
  if (win!.isMinimized()) win!.restore();
  win!.show();
  win!.focus();
}

/** Every web contents: no navigation away from the app, no new windows, no <webview>. */
function harden(contents: WebContents) {
  const leave = (e: Electron.Event, url: string) => {
    if (isAppUrl(url, appIndexUrl)) return;
    e.preventDefault();
    const external = externalUrl(url);
    if (external) void shell.openExternal(external);
  };
  contents.on('will-navigate', leave);
  contents.on('will-redirect', leave);
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

/** Only our own page may call in. */
function trusted(e: IpcMainInvokeEvent | IpcMainEvent): boolean {
  return !!win && e.sender === win.webContents && isAppUrl(e.senderFrame?.url ?? '', appIndexUrl);
}

function registerIpc(k: Kernel) {
  const refuse = () => Promise.resolve({ ok: false as const, error: 'IPC refused: unknown sender', status: 403 });
  ipcMain.on(Channels.methods, (e) => { e.returnValue = ApiMethods; }); // names only: calls are checked below
  ipcMain.handle(Channels.call, (e, method: unknown, input: unknown) =>
    trusted(e) ? toIpcResult(() => dispatch(k.api, String(method), input)) : refuse());
  ipcMain.handle(Channels.openDialog, (e) => trusted(e) ? toIpcResult(async () => {
    const path = await chooseFileToOpen();
    return path ? opened(path) : null;
  }) : refuse());
  ipcMain.handle(Channels.save, (e, input: unknown) => trusted(e) ? toIpcResult(() => save(parseSaveRequest(input))) : refuse());
  ipcMain.on(Channels.ready, (e) => { if (trusted(e)) pending.ready(); });
}

async function chooseFileToOpen(): Promise<string | undefined> {
  const options = { title: 'Open BPMN diagram', properties: ['openFile' as const], filters: BPMN_FILTERS };
  const r = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
  return r.canceled ? undefined : r.filePaths[0];
}

async function opened(path: string) {
  const file = await readBpmnFile(path);
  grants.grant(path);
  app.addRecentDocument(path);
  return file;
}

async function save(req: SaveRequest): Promise<{ path: string } | null> {
  let path = !req.saveAs && grants.allows(req.path) ? req.path : undefined;
  if (!path) {
    const dir = req.path ? dirname(req.path) : app.getPath('documents');
    const options = { title: 'Save BPMN diagram', defaultPath: join(dir, defaultSaveName(req.suggestedName ?? (req.path && basename(req.path)))), filters: BPMN_FILTERS };
    const r = await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
    if (r.canceled || !r.filePath) return null;
    path = r.filePath;
  }
  await writeFile(path, req.xml, 'utf8');
  grants.grant(path);
  app.addRecentDocument(path);
  return { path };
}

async function sendFile(path: string) {
  try {
    const file = await opened(path);
    showWindow();
    toPage(Channels.openFile, file);
  } catch (err) {
    dialog.showErrorBox('Cannot open file', `${path}\n\n${(err as Error).message}`);
  }
}

const sendMenu = (command: MenuCommand) => () => { showWindow(); toPage(Channels.menu, command); };

const actions: Record<DesktopCommand, () => void | Promise<void>> = {
  'show-window': showWindow,
  'open-tasks': () => { showWindow(); toPage(Channels.navigate, '#/tasks'); },
  'file-new': sendMenu('new'),
  'file-open': async () => { const path = await chooseFileToOpen(); if (path) await sendFile(path); },
  'file-save': sendMenu('save'),
  'file-save-as': sendMenu('save-as'),
  'file-deploy': sendMenu('deploy'),
  'toggle-close-to-tray': async () => {
    closeToTray = !closeToTray;
    await kernel?.api.updateSettings({ [CLOSE_TO_TRAY_SETTING]: closeToTray });
    refreshShell();
  },
  'open-data-folder': async () => { await shell.openPath(home); },
  'open-logs': async () => {
    if (!kernel) return;
    const k = kernel;
    const names = k.components.names();
    await shell.openPath(await writeLogSnapshot(home, names, (name) => k.api.logs({ name })));
  },
  'open-cockpit': async () => {
    if (!kernel || status()?.components.engine?.state !== 'ready') {
      dialog.showErrorBox('Camunda Cockpit', 'The engine is not ready yet; try again when the tray shows it ready.');
      return;
    }
    const ui = kernel.engineUi();
    const d = cockpitDialog(ui);
    const box = { type: 'info' as const, title: d.title, message: d.message, detail: d.detail, buttons: d.buttons, defaultId: d.open, cancelId: d.cancel };
    const { response } = await (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
    if (response === d.copy) clipboard.writeText(ui.password);
    if (response === d.open || response === d.copy) await shell.openExternal(d.url);
  },
  'restart-engine': async () => { await kernel?.api.restartComponent({ name: 'engine' }); },
  'backup-data': backUpData,
  'restore-data': restoreData,
  quit: () => app.quit(),
};

async function showDialog(d: MessageDialog): Promise<number> {
  const box = { type: d.type, title: d.title, message: d.message, detail: d.detail, buttons: d.buttons };
  return (await (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box))).response;
}

/** Help › Back Up Data…: a file chosen, the running kernel writes the snapshot (main/desktop/backup.ts). */
async function backUpData() {
  if (!kernel) return;
  const options = { title: 'Back Up Data', defaultPath: join(app.getPath('documents'), backupFileName(new Date())), filters: BACKUP_FILTERS };
  const r = await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
  if (r.canceled || !r.filePath) return;
  await showDialog(backupDoneDialog(await kernel.api.backup({ file: r.filePath })));
}

/** Help › Restore from Backup…: confirmed, the kernel stops, the backup replaces the data dir, the app starts again. */
async function restoreData() {
  const options = { title: 'Restore from Backup', properties: ['openFile' as const], filters: BACKUP_FILTERS };
  const r = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
  const file = r.filePaths[0];
  if (r.canceled || !file) return;
  const confirm = restoreConfirmDialog(home, file);
  if (await showDialog(confirm) !== confirm.restore) return;
  quitting = true;
  await (stopping ??= shutdown());
  stopped = true;
  const { restoreBackup } = await import('./kernel/restore');
  await restoreBackup(file, home, { force: true }).then(
    (done) => dialog.showMessageBox(restoreDoneDialog(done)),
    (err: Error) => dialog.showMessageBox(restoreFailedDialog(err.message)),
  );
  app.relaunch();
  app.exit(0);
}

function toElectron(items: MenuItemSpec[]): MenuItemConstructorOptions[] {
  return items.map(({ command, submenu, ...rest }) => ({
    ...rest,
    ...(submenu ? { submenu: toElectron(submenu) } : {}),
    ...(command ? { click: () => { void Promise.resolve(actions[command]()).catch((err: Error) => dialog.showErrorBox('ProcOS', err.message)); } } : {}),
  }));
}
