/** Window security, paths, the IPC envelope and the logs (main/desktop/window.ts, paths.ts, bridge.ts, logs.ts). */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../common/contract';
import { Channels, DesktopApiError, fromIpcResult, parseSaveRequest, SaveRequest, toIpcResult } from '../../main/desktop/bridge';
import { appendDesktopLog, desktopLogLine, logFileName, writeLogSnapshot } from '../../main/desktop/logs';
import { desktopPaths, kernelEnv } from '../../main/desktop/paths';
import {
  allowPermission, closeHidesToTray, closeToTraySetting, CSP, isAppUrl, mainWindowOptions, withCsp,
} from '../../main/desktop/window';

describe('window', () => {
  it('isolates the page: context isolation and sandbox on, no Node, no webview, devtools only in development', () => {
    const o = mainWindowOptions({ preload: '/app/dist/main/preload.cjs' });
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist/main/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false,
      nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, devTools: false,
    });
    expect(mainWindowOptions({ preload: 'p' }, { dev: true }).webPreferences.devTools).toBe(true);
    expect(o.show).toBe(false); // shown on ready-to-show: no white flash
  });

  it('sends a strict CSP with every response, replacing any other', () => {
    const directives = Object.fromEntries(CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]); // no inline script, no eval
    expect(directives['connect-src']).toEqual(["'self'"]); // no remote calls: the API is IPC
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CSP).not.toMatch(/unsafe-eval|\*/);
    const h = withCsp({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] });
    expect(h).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CSP], 'X-Content-Type-Options': ['nosniff'] });
    expect(withCsp(undefined)['Content-Security-Policy']).toEqual([CSP]);
  });

  it('allows no navigation away from the app page (its #routes are fine)', () => {
    const index = 'file:///opt/ProcOS/resources/app.asar/dist/renderer/index.html';
    expect(isAppUrl(`${index}#/monitor`, index)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', index)).toBe(false);
    expect(isAppUrl('https://example.com/', index)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:8080/camunda', index)).toBe(false);
    expect(isAppUrl('garbage', index)).toBe(false);
  });

  it('grants the page no permission but clipboard writes', () => {
    expect(allowPermission('clipboard-sanitized-write')).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fileSystem', 'clipboard-read', 'hid', 'serial']) {
      expect(allowPermission(p)).toBe(false);
    }
  });

  it('hides to the tray on close when the setting is on (default), never while quitting or without a tray', () => {
    expect(closeToTraySetting(undefined)).toBe(true);
    expect(closeToTraySetting({ 'desktop.closeToTray': false })).toBe(false);
    expect(closeToTraySetting({ 'desktop.closeToTray': 'no' })).toBe(true);
    expect(closeHidesToTray({ quitting: false, closeToTray: true, hasTray: true })).toBe(true);
    expect(closeHidesToTray({ quitting: true, closeToTray: true, hasTray: true })).toBe(false);
    expect(closeHidesToTray({ quitting: false, closeToTray: false, hasTray: true })).toBe(false);
    expect(closeHidesToTray({ quitting: false, closeToTray: true, hasTray: false })).toBe(false);
  });
});

describe('paths', () => {
  it('in development: everything under the repository', () => {
    const p = desktopPaths({ isPackaged: false, appPath: '/repo', resourcesPath: '/x/electron/resources' });
    expect(p).toEqual({
      appRoot: '/repo', resources: '/repo/resources', icons: '/repo/resources/icons', preload: '/repo/dist/main/preload.cjs',
      rendererIndex: '/repo/dist/renderer/index.html', workerEntry: '/repo/dist/workers/main.cjs',
    });
  });

  it('packaged: code in app.asar, workers unpacked, bundled resources beside it', () => {
    const p = desktopPaths({ isPackaged: true, appPath: '/opt/ProcOS/resources/app.asar', resourcesPath: '/opt/ProcOS/resources' });
    expect(p.preload).toBe('/opt/ProcOS/resources/app.asar/dist/main/preload.cjs');
    expect(p.workerEntry).toBe('/opt/ProcOS/resources/app.asar.unpacked/dist/workers/main.cjs');
    expect(p.resources).toBe('/opt/ProcOS/resources');
    expect(p.icons).toBe('/opt/ProcOS/resources/icons');
    expect(kernelEnv(p, {})).toEqual({ PROCOS_APP_ROOT: '/opt/ProcOS/resources', PROCOS_RESOURCES: '/opt/ProcOS/resources' });
    expect(kernelEnv(p, { PROCOS_RESOURCES: '/mine' }).PROCOS_RESOURCES).toBe('/mine');
  });
});

describe('IPC envelope', () => {
  it('carries results, and errors with their message and status instead of Electron’s wrapped text', async () => {
    expect(fromIpcResult(await toIpcResult(async () => ({ a: 1 })))).toEqual({ a: 1 });
    expect(fromIpcResult(await toIpcResult(async () => undefined))).toBeNull();
    const r = await toIpcResult(async () => { throw new ApiError('invalid input for deploy: files: too small', 400); });
    expect(r).toEqual({ ok: false, error: 'invalid input for deploy: files: too small', status: 400, details: undefined });
    expect(() => fromIpcResult(r)).toThrow(DesktopApiError);
    expect(() => fromIpcResult(r)).toThrow('invalid input for deploy: files: too small');
    expect(() => fromIpcResult('junk')).toThrow('malformed answer');
    // a handler that throws before returning a promise still answers with the envelope
    expect(await toIpcResult(() => { throw new Error('sync'); })).toMatchObject({ ok: false, error: 'sync' });
  });

  it('checks save requests: xml required, size-capped', () => {
    expect(SaveRequest.safeParse({ xml: '<x/>', suggestedName: 'a.bpmn' }).success).toBe(true);
    expect(SaveRequest.safeParse({ path: '/etc/passwd' }).success).toBe(false);
    expect(SaveRequest.safeParse({ xml: 'x'.repeat(20 * 1024 * 1024 + 1) }).success).toBe(false);
    expect(() => parseSaveRequest({ path: 1 })).toThrow(/^invalid save request: xml: .+; path: /);
    expect(parseSaveRequest({ xml: '<x/>' })).toEqual({ xml: '<x/>' });
    expect(new Set(Object.values(Channels)).size).toBe(Object.values(Channels).length);
  });
});

describe('logs', () => {
  it('writes one file per component and keeps a desktop log of state changes', async () => {
    const home = mkdtempSync(join(tmpdir(), 'procos-logs-'));
    const dir = await writeLogSnapshot(home, ['engine', 'worker:generic', 'broken'], async (name) => {
      if (name === 'broken') throw new Error('no such component');
      return [`${name} line 1`, `${name} line 2`];
    });
    expect(readFileSync(join(dir, 'engine.log'), 'utf8')).toBe('engine line 1\nengine line 2\n');
    expect(existsSync(join(dir, logFileName('worker:generic')))).toBe(true);
    expect(logFileName('worker:generic')).toBe('worker-generic.log');
    expect(readFileSync(join(dir, 'broken.log'), 'utf8')).toContain('no log: no such component');

    const line = desktopLogLine({ type: 'component', name: 'engine', state: 'ready', detail: 'up', at: 0 });
    expect(line).toBe('1970-01-01T00:00:00.000Z engine ready: up');
    expect(desktopLogLine({ type: 'log', component: 'engine', line: 'x', at: 0 })).toBeNull();
    appendDesktopLog(home, line!, 40);
    appendDesktopLog(home, 'second', 40); // rotates past 40 bytes
    expect(readFileSync(join(dir, 'desktop.log'), 'utf8')).toBe('second\n');
    expect(readFileSync(join(dir, 'desktop.old.log'), 'utf8')).toBe(`${line}\n`);
  });
});
