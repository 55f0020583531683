/**
 * The desktop shell's wiring, run where Electron's binary cannot: the real bundle
 * (scripts/build-desktop.mjs → app.cjs, workers/main.cjs) on Node, with Electron's API replaced by
 * the recording stand-in in electron-standin.cjs. The kernel, the engine, Ollama and the worker
 * processes are real, and so is the page: the built renderer and the built preload run in real
 * Chromium where the window would be, the preload's ipcRenderer carried to the stand-in's ipcMain.
 * The page calls ready() itself; nothing here does it on its behalf. What this does not show — that Electron draws the window and tray and runs
 * utility processes — is the job of electron-smoke.test.ts where a binary exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { StatusReport } from '../../common/contract';
import { Channels, type IpcResult } from '../../main/desktop/bridge';
import { alive } from '../helpers/processes';
import { userTaskFiles } from '../helpers/user-tasks';
import { CHROMIUM_ARGS, screenshot } from './browser';

const root = resolve(import.meta.dirname, '..', '..');
const standin = join(root, 'test', 'e2e', 'electron-standin.cjs');
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="d" targetNamespace="http://procos.dev/test">
  <bpmn:process id="desktop_shell_check" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/><bpmn:endEvent id="e"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="dd"><bpmndi:BPMNPlane id="p" bpmnElement="desktop_shell_check">
    <bpmndi:BPMNShape id="s_di" bpmnElement="s"><dc:Bounds x="100" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="e_di" bpmnElement="e"><dc:Bounds x="250" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f_di" bpmnElement="f"><di:waypoint x="136" y="118"/><di:waypoint x="250" y="118"/></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

interface Deliver { __electronDeliver(channel: string, value: unknown): void }

/**
 * What Electron does for the window, done in real Chromium: the built preload runs before the page
 * with a contextBridge that sets window globals and an ipcRenderer whose invoke/send reach the
 * stand-in's ipcMain (through the test) and whose listeners get what main sends.
 */
function preloadScript(preloadSource: string, syncAnswers: Record<string, unknown>): string {
  return `(() => {
    const listeners = new Map();
    const syncAnswers = ${JSON.stringify(syncAnswers)}; // sendSync cannot wait for the test: main's answers, asked before
    const ipcRenderer = {
      sendSync: (channel) => { if (channel in syncAnswers) return syncAnswers[channel]; throw new Error('no sendSync answer for ' + channel); },
      invoke: (channel, ...args) => window.__electronInvoke(channel, args),
      send: (channel, ...args) => { void window.__electronSend(channel, args); },
      on: (channel, fn) => { listeners.set(channel, [...(listeners.get(channel) ?? []), fn]); },
      removeListener: (channel, fn) => { listeners.set(channel, (listeners.get(channel) ?? []).filter((f) => f !== fn)); },
    };
    window.__electronDeliver = (channel, value) => (listeners.get(channel) ?? []).forEach((fn) => fn({}, value));
    const electron = { contextBridge: { exposeInMainWorld: (key, value) => { window[key] = value; } }, ipcRenderer };
    const module = { exports: {} };
    (function (require, module, exports, process) {\n${preloadSource}\n})(
      (name) => { if (name === 'electron') return electron; throw new Error('a sandboxed preload cannot require ' + name); },
      module, module.exports, { platform: 'linux', env: {} });
  })();`;
}

interface State {
  lockData: { files: string[] }; windows: number; prefs: Record<string, unknown>; loaded: string; visible: boolean;
  trayIcon: string; tooltip: string; trayMenu: string[]; appMenu: string[]; sent: [string, unknown][];
  opened: string[]; errors: string[]; saveDialogs: number; utility: { args: string[]; serviceName: string }[];
  trayDestroyed: boolean; quitted: boolean; recent: string[]; notifications: { title: string; body: string }[];
}

describe('desktop shell wiring (Electron API stand-in, real kernel)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'procos-shell-'));
  const home = join(tmp, 'home');
  const diagram = join(tmp, 'work', 'order.bpmn');
  /** the window's URL (the page the IPC senders are checked against) */
  const indexUrl = `${pathToFileURL(join(tmp, 'dist', 'renderer', 'index.html')).href}#/health`;
  let driver: ChildProcess;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];
  let nextId = 1;
  const waiting = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  const send = <T = unknown>(op: string, args?: object): Promise<T> => new Promise((ok, fail) => {
    const id = nextId++;
    waiting.set(id, { ok: ok as (v: unknown) => void, fail });
    driver.send({ id, op, args });
  });
  const call = (method: string, input: unknown = {}, trusted = true) => send<IpcResult>('call', { method, input, trusted });
  const state = () => send<State>('state');

  beforeAll(async () => {
    const { buildDesktop } = await import(pathToFileURL(join(root, 'scripts', 'build-desktop.mjs')).href);
    await buildDesktop(join(tmp, 'dist'));
    cpSync(join(root, 'dist', 'renderer'), join(tmp, 'dist', 'renderer'), { recursive: true }); // the built UI (the test stack builds it)
    writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'procos', type: 'module', main: 'dist/main/app.cjs' })); // as in the repo
    mkdirSync(join(tmp, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(tmp, 'node_modules', 'electron', 'index.js'), `module.exports = require(${JSON.stringify(standin)});\n`);
    symlinkSync(join(root, 'node_modules', 'better-sqlite3'), join(tmp, 'node_modules', 'better-sqlite3'));
    mkdirSync(join(tmp, 'work'));
    writeFileSync(diagram, BPMN);
    driver = fork(standin, [join(tmp, 'dist', 'main', 'app.cjs'), 'order.bpmn', '--some-switch'], {
      cwd: join(tmp, 'work'),
      env: {
        ...process.env, PROCOS_HOME: home, PROCOS_APP_ROOT: root, PROCOS_RESOURCES: join(root, 'resources'),
        STANDIN_APP_PATH: tmp, STANDIN_INDEX_URL: indexUrl,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((ok, fail) => {
      driver.on('message', (m: { id: number; result?: unknown; error?: string; push?: [string, unknown] }) => {
        if (m.push) return void page?.evaluate(([ch, v]) => (window as unknown as Deliver).__electronDeliver(ch, v), m.push).catch(() => undefined);
        if (m.id === 0) return ok();
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.error) w?.fail(new Error(m.error)); else w?.ok(m.result);
      });
      driver.once('exit', (code) => fail(new Error(`the shell exited with ${code}`)));
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (driver?.pid && alive(driver.pid)) driver.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('takes the lock with its .bpmn files and opens a locked-down window with a CSP', async () => {
    await expect.poll(async () => (await state()).windows, { timeout: 60_000 }).toBe(1); // boot is asynchronous
    const s = await state();
    expect(s.lockData).toEqual({ files: [diagram] });
    expect(s.prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: join(tmp, 'dist', 'main', 'preload.cjs') });
    const headers = await send<{ responseHeaders: Record<string, string[]> }>('headers');
    expect(headers.responseHeaders['Content-Security-Policy'][0]).toMatch(/^default-src 'none'; script-src 'self'/);
    expect(await send('permission', { name: 'media' })).toBe(false);
  });

  it('boots the kernel with workers in (stand-in) utility processes, and the tray follows to green', async () => {
    let status: StatusReport | undefined;
    for (let i = 0; i < 300 && !status?.ready; i++) {
      const r = await call('status');
      if (r.ok) status = r.result as StatusReport;
      if (!status?.ready) await new Promise((ok) => setTimeout(ok, 1000));
    }
    expect(status?.health, JSON.stringify(status?.components, null, 2)).toBe('ready');
    if (existsSync(join(root, 'resources', 'jre'))) expect(status!.components.java.detail).toMatch(/bundled/);
    await expect.poll(async () => (await state()).trayIcon, { timeout: 10_000 }).toBe('tray-ready.png'); // tray refresh is debounced
    const s = await state();
    expect(s.utility.map((u) => u.args[0]).sort()).toEqual(Object.keys(status!.components).filter((n) => n.startsWith('worker:')).map((n) => n.slice(7)).sort());
    expect(s.utility[0].serviceName).toMatch(/^ProcOS worker: /);
    expect(s.trayIcon).toBe('tray-ready.png');
    expect(s.tooltip.split('\n')[0]).toBe('ProcOS — all components ready');
    for (const name of Object.keys(status!.components)) expect(s.trayMenu).toContain(`✓ ${name} — ready`);
    expect(s.appMenu).toEqual(['File', 'editMenu', 'View', 'Help']);
    expect(existsSync(join(home, 'runtime.json'))).toBe(true); // the CLI reaches the desktop app too
  });

  it('validates every IPC call and answers only its own page', async () => {
    expect(await call('deploy', {})).toMatchObject({ ok: false, status: 400, error: expect.stringMatching(/^invalid input for deploy/) });
    expect(await call('constructor')).toMatchObject({ ok: false, status: 404 });
    expect(await call('status', {}, false)).toMatchObject({ ok: false, status: 403 });
    const deployed = await call('deploy', { files: [{ name: 'order.bpmn', xml: BPMN }] });
    expect(deployed).toMatchObject({ ok: true, result: { ok: true, processes: [{ key: 'desktop_shell_check' }] } });
    await expect.poll(async () => (await state()).sent.some(([ch, e]) => ch === 'procos:event' && (e as { type: string }).type === 'deployment'), { timeout: 10_000 }).toBe(true);
  });

  /** The window's page: the built renderer from file://, the built preload before it. */
  async function openWindowPage(): Promise<Page> {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--allow-file-access-from-files'] });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.exposeFunction('__electronInvoke', (channel: string, args: unknown[]) => send('invoke', { channel, args }));
    await context.exposeFunction('__electronSend', (channel: string, args: unknown[]) => send('emit', { channel, args }));
    const preload = readFileSync(join(tmp, 'dist', 'main', 'preload.cjs'), 'utf8');
    const syncChannels = [(Channels as Record<string, string>).methods].filter(Boolean); // what the preload asks synchronously at load
    const syncAnswers = Object.fromEntries(await Promise.all(syncChannels.map(async (channel) => [channel, await send('sendSync', { channel })])));
    await context.addInitScript({ content: preloadScript(preload, syncAnswers) });
    const p = await context.newPage();
    p.on('pageerror', (err) => pageErrors.push(err.message));
    await p.goto(indexUrl);
    return p;
  }

  it('delivers the file from argv once the page says it is ready, and the page saves it back in place', async () => {
    expect((await state()).sent.some(([ch]) => ch === 'procos-desktop:open-file')).toBe(false);
    expect((await state()).loaded).toBe(join(tmp, 'dist', 'renderer', 'index.html'));
    page = await openWindowPage();
    // the editor mounts, listens and calls ready() itself: main then delivers the queued file
    await expect.poll(async () => (await state()).sent.find(([ch]) => ch === 'procos-desktop:open-file')?.[1], { timeout: 120_000 })
      .toEqual({ name: 'order.bpmn', path: diagram, xml: BPMN });
    await expect.poll(() => page!.url()).toMatch(/#\/editor$/);
    const title = page.getByTestId('editor-title');
    await expect.poll(() => title.textContent()).toContain('order.bpmn');
    expect(await page.title()).toBe('order.bpmn — ProcOS');
    expect((await state()).recent).toEqual([diagram]); // the OS's recent documents

    // an edit, then File > Save from the application menu: written in place, no dialog
    await page.locator('.djs-shape[data-element-id="e"]').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page!.title()).toBe('• order.bpmn — ProcOS');
    await screenshot(page, 'desktop-shell-edited');
    await send('menu', { labels: ['File', 'Save'] });
    const written = () => { const t = readFileSync(diagram, 'utf8'); return t.includes('</bpmn:definitions>') ? t : ''; }; // not mid-write
    await expect.poll(() => { const t = written(); return !!t && !t.includes('id="e"'); }).toBe(true); // the edited diagram, whole
    expect(written()).toContain('id="desktop_shell_check"');
    await expect.poll(() => page!.title()).toBe('order.bpmn — ProcOS');
    expect((await state()).saveDialogs).toBe(0);

    // File > Save As… asks (the stand-in's dialog is cancelled): nothing written, the name stays
    await send('menu', { labels: ['File', 'Save As…'] });
    await expect.poll(async () => (await state()).saveDialogs).toBe(1);
    expect(await page.title()).toBe('order.bpmn — ProcOS');

    // main still writes silently only to paths the user chose or opened
    const edited = BPMN.replace('id="e"/>', 'id="e" name="done"/>');
    expect(await send('save', { input: { xml: edited, path: diagram } })).toEqual({ ok: true, result: { path: diagram } });
    expect(readFileSync(diagram, 'utf8')).toBe(edited);
    const other = join(tmp, 'work', 'other.bpmn');
    expect(await send('save', { input: { xml: edited, path: other } })).toEqual({ ok: true, result: null }); // dialog shown, cancelled
    expect(existsSync(other)).toBe(false);
    expect((await state()).saveDialogs).toBe(2);
    expect(pageErrors).toEqual([]);
  });

  it('writes component logs for Help > Open Logs, and hides to the tray on close by default', async () => {
    await send('menu', { labels: ['Help', 'Open Logs'] });
    await expect.poll(async () => (await state()).opened, { timeout: 10_000 }).toContain(join(home, 'logs'));
    expect(readFileSync(join(home, 'logs', 'engine.log'), 'utf8').length).toBeGreaterThan(0);
    expect(await send('close')).toBe(true);
    await send('tray', { labels: ['Keep running in the tray when the window closes'] });
    expect(await call('settings')).toMatchObject({ ok: true, result: { 'desktop.closeToTray': false } });
    expect(await send('close')).toBe(false);
  });

  it('says in the tray how many tasks wait, notifies when one arrives, and a click opens it in the window', async () => {
    expect(await call('deploy', { files: userTaskFiles('desktop_tasks_check', 'none') })).toMatchObject({ ok: true, result: { ok: true } });
    const noticesBefore = (await state()).notifications.length;
    expect(await call('startInstance', { key: 'desktop_tasks_check' })).toMatchObject({ ok: true });
    await expect.poll(async () => (await state()).tooltip, { timeout: 30_000 }).toMatch(/\n1 task waiting\n/);
    expect((await state()).trayMenu).toContain('1 task waiting');
    await expect.poll(async () => (await state()).notifications.length, { timeout: 30_000 }).toBe(noticesBefore + 1);
    expect((await state()).notifications.at(-1)).toEqual({ title: 'Task waiting: Decide', body: 'Process desktop_tasks_check waits for someone to take it. Click to open it.' });

    const listed = await call('tasks', { processKey: 'desktop_tasks_check' });
    const taskId = (listed as { result: { items: { id: string }[] } }).result.items[0].id;
    expect((await state()).visible).toBe(false); // closed to the tray above
    await send('clickNotification', { index: noticesBefore });
    await expect.poll(async () => (await state()).visible).toBe(true);
    expect((await state()).sent).toContainEqual(['procos-desktop:navigate', `#/tasks/${taskId}`]);
    await expect.poll(() => page!.url()).toMatch(new RegExp(`#/tasks/${taskId}$`));
    await expect.poll(() => page!.getByTestId('task-title').textContent(), { timeout: 30_000 }).toBe('Decide');

    // turned off: the next task counts, but no notification
    expect(await call('updateSettings', { 'desktop.notifyTasks': false })).toMatchObject({ ok: true });
    expect(await call('startInstance', { key: 'desktop_tasks_check' })).toMatchObject({ ok: true });
    await expect.poll(async () => (await state()).trayMenu, { timeout: 30_000 }).toContain('2 tasks waiting');
    expect((await state()).notifications.length).toBe(noticesBefore + 1);
    await send('tray', { labels: ['2 tasks waiting'] });
    await expect.poll(() => page!.url()).toMatch(/#\/tasks$/);
    expect(pageErrors).toEqual([]);
  });

  it('quits cleanly: workers, engine and Ollama stopped, no process left, runtime.json gone', async () => {
    const r = await call('status');
    const status = r.ok ? (r.result as StatusReport) : undefined;
    const pids = Object.values(status?.components ?? {}).map((c) => c.pid).filter((p): p is number => !!p);
    expect(pids.length).toBeGreaterThan(1);
    await send('quit');
    const s = await state();
    expect(s.quitted).toBe(true);
    expect(s.trayDestroyed).toBe(true);
    await expect.poll(() => pids.filter(alive), { timeout: 30_000 }).toEqual([]);
    expect(existsSync(join(home, 'runtime.json'))).toBe(false);
    expect(s.errors).toEqual([]);
  });
});
