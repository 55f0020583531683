/**
 * A recording stand-in for Electron's main-process API, and a driver around the bundled shell
 * (dist/main/app.cjs), for test/e2e/electron-shell.test.ts. It lets the shell's wiring run where
 * Electron's binary cannot: the real kernel, engine, Ollama and worker processes start; windows,
 * menus, the tray, notifications and dialogs are recorded, not drawn. Electron itself is NOT exercised here.
 *
 * Used two ways: as node_modules/electron/index.js (exports the API), and as the driver process
 * (`node electron-standin.cjs <app.cjs>`), which takes commands from the test over IPC and passes
 * what main sends to the window on to the test (`{ push: [channel, value] }`), so a real page running
 * the real preload can stand where the window would be.
 */
const { EventEmitter } = require('node:events');
const { fork } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const rec = (globalThis.__standin ??= { handlers: {}, listeners: {}, windows: [], menus: 0, opened: [], quitted: false });

class App extends EventEmitter {
  isPackaged = false;
  paths = { appData: path.join(os.homedir(), '.config'), documents: os.tmpdir() };
  ready = false;
  setName(name) { this.name = name; }
  getPath(key) { return this.paths[key]; }
  setPath(key, value) { this.paths[key] = value; }
  getAppPath() { return process.env.STANDIN_APP_PATH; }
  requestSingleInstanceLock(data) { rec.lockData = data; return true; }
  isReady() { return this.ready; }
  whenReady() { return new Promise((r) => setImmediate(() => { this.ready = true; r(); })); }
  addRecentDocument(p) { (rec.recent ??= []).push(p); }
  quit() {
    const e = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit', e);
    if (!e.defaultPrevented) rec.quitted = true;
  }
  exit(code) { rec.exitCode = code; rec.quitted = true; }
}
const app = new App();

class WebContents extends EventEmitter {
  sent = [];
  send(channel, value) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push([channel, value]);
    if (require.main === module) process.send({ push: [channel, value] }); // to the page the test shows (if any)
  }
  isDestroyed() { return !!this.destroyed; }
  setWindowOpenHandler(handler) { this.openHandler = handler; }
}
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.visible = false;
    this.webContents = new WebContents();
    rec.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadFile(file) { this.loaded = file; return Promise.resolve(); }
  loadURL(url) { this.loaded = url; return Promise.resolve(); }
  show() { this.visible = true; } hide() { this.visible = false; } focus() {}
  isMinimized() { return false; } restore() {}
  isDestroyed() { return !!this.webContents.destroyed; }
  destroy() { this.webContents.destroyed = true; this.emit('closed'); }
}
class Notification extends EventEmitter {
  static isSupported() { return true; }
  constructor(options) { super(); this.options = options; }
  show() { (rec.notifications ??= []).push(this); }
}
class Tray extends EventEmitter {
  constructor(image) { super(); this.image = image; rec.tray = this; }
  setImage(image) { this.image = image; } setToolTip(text) { this.tooltip = text; } setContextMenu(menu) { this.menu = menu; }
  destroy() { rec.trayDestroyed = true; }
}

const api = {
  app, BrowserWindow, Tray, Notification,
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: (m) => { rec.menus++; rec.appMenu = m; } },
  nativeImage: { createFromPath: (p) => ({ path: p }) },
  session: { defaultSession: {
    webRequest: { onHeadersReceived: (h) => { rec.onHeaders = h; } },
    setPermissionRequestHandler: (h) => { rec.onPermission = h; }, setPermissionCheckHandler: () => {},
  } },
  ipcMain: { handle: (ch, h) => { rec.handlers[ch] = h; }, on: (ch, h) => { rec.listeners[ch] = h; } },
  dialog: {
    showErrorBox: (title, message) => { (rec.errors ??= []).push(`${title}: ${message}`); },
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    showSaveDialog: async () => { rec.saveDialogs = (rec.saveDialogs ?? 0) + 1; return { canceled: true }; },
    showMessageBox: async () => ({ response: 2 }),
  },
  shell: { openPath: async (p) => { rec.opened.push(p); return ''; }, openExternal: async (u) => { rec.opened.push(u); } },
  clipboard: { writeText: () => {} },
  utilityProcess: { fork(entry, args, options) {
    // a Node child process in place of a utility process; workers/host.ts speaks to either
    const child = fork(entry, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    const u = new EventEmitter();
    Object.assign(u, { pid: child.pid, stdout: child.stdout, stderr: child.stderr, serviceName: options.serviceName });
    child.on('message', (m) => u.emit('message', m));
    child.on('exit', (code) => u.emit('exit', code));
    u.postMessage = (m) => { if (child.connected) child.send(m); };
    u.kill = () => child.kill('SIGTERM');
    (rec.utility ??= []).push({ entry, args, serviceName: options.serviceName });
    return u;
  } },
};

module.exports = api;

if (require.main === module) {
  // driver: load the bundled shell, then answer the test's commands
  require(process.argv[2]);
  const win = () => rec.windows.at(-1);
  const event = (trusted) => ({ sender: win().webContents, senderFrame: { url: trusted ? process.env.STANDIN_INDEX_URL : 'https://evil.example/' } });
  const click = (items, labels) => {
    const [first, ...rest] = labels;
    const item = items.find((i) => i.label === first);
    if (!item) throw new Error(`no menu item ${first}`);
    return rest.length ? click(item.submenu, rest) : item.click();
  };
  const ops = {
    call: ({ method, input, trusted = true }) => rec.handlers['procos:call'](event(trusted), method, input),
    save: ({ input }) => rec.handlers['procos-desktop:save'](event(true), input),
    // the page's ipcRenderer: invoke(channel, …args), send(…) and sendSync(…), from its own frame
    invoke: ({ channel, args }) => rec.handlers[channel](event(true), ...args),
    emit: ({ channel, args }) => rec.listeners[channel](event(true), ...args),
    sendSync: ({ channel, args = [] }) => { const e = event(true); rec.listeners[channel](e, ...args); return e.returnValue; },
    headers: () => new Promise((r) => rec.onHeaders({ responseHeaders: { 'Content-Type': ['text/html'] } }, r)),
    permission: ({ name }) => new Promise((r) => rec.onPermission(null, name, r)),
    tray: ({ labels }) => click(rec.tray.menu, labels),
    // a click on the n-th notification shown (as the OS passes it on)
    clickNotification: ({ index }) => { rec.notifications[index].emit('click'); },
    menu: ({ labels }) => click(rec.appMenu, labels),
    close: () => { const e = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } }; win().emit('close', e); return e.defaultPrevented; },
    quit: async () => { app.quit(); while (!rec.quitted) await new Promise((r) => setTimeout(r, 100)); },
    state: () => ({
      lockData: rec.lockData, windows: rec.windows.length, prefs: win()?.options.webPreferences, loaded: win()?.loaded,
      visible: win()?.visible, trayIcon: rec.tray && path.basename(rec.tray.image.path), tooltip: rec.tray?.tooltip,
      trayMenu: rec.tray?.menu?.map((i) => i.label ?? '-'), appMenu: rec.appMenu?.map((m) => m.label ?? m.role),
      sent: win()?.webContents.sent ?? [], opened: rec.opened, errors: rec.errors ?? [], saveDialogs: rec.saveDialogs ?? 0,
      utility: rec.utility ?? [], trayDestroyed: !!rec.trayDestroyed, quitted: rec.quitted, recent: rec.recent ?? [],
      notifications: (rec.notifications ?? []).map((n) => ({ title: n.options.title, body: n.options.body })),
    }),
  };
  process.on('message', async ({ id, op, args }) => {
    try { process.send({ id, result: (await ops[op](args ?? {})) ?? null }); }
    catch (err) { process.send({ id, error: err.stack ?? String(err) }); }
  });
  process.send({ id: 0, result: 'loaded' });
}
