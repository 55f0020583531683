/**
 * The preload bundle as a sandboxed renderer would load it: one CommonJS file whose only require is
 * `electron` (a sandboxed preload gets no other module), exposing exactly window.procos (every API
 * method main names, each through one IPC channel) and window.procosDesktop. Electron's contextBridge and ipcRenderer
 * are recorded stand-ins here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { ApiMethods, type ProcosClient } from '../../common/contract';
import { Channels, type ProcosDesktop } from '../../main/desktop/bridge';

const root = resolve(import.meta.dirname, '..', '..');

describe('preload bundle', () => {
  const exposed: Record<string, unknown> = {};
  const invoked: unknown[][] = [];
  const sent: unknown[][] = [];
  const listeners = new Map<string, ((event: unknown, value: unknown) => void)[]>();
  const required: string[] = [];
  let answer: unknown = { ok: true, result: { ready: true } };

  beforeAll(async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'procos-preload-')), 'preload.cjs');
    await build({ entryPoints: [join(root, 'main', 'preload.ts')], bundle: true, platform: 'node', format: 'cjs', external: ['electron'], outfile: out, logLevel: 'error' });
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => { exposed[key] = value; } },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => { invoked.push(args); return answer; },
        send: (...args: unknown[]) => { sent.push(args); },
        // main answers procos:methods from the contract (main/app.ts): the preload carries no contract
        sendSync: (ch: string) => (ch === Channels.methods ? [...ApiMethods] : undefined),
        on: (ch: string, fn: (e: unknown, v: unknown) => void) => { listeners.set(ch, [...(listeners.get(ch) ?? []), fn]); },
        removeListener: (ch: string, fn: (e: unknown, v: unknown) => void) => { listeners.set(ch, (listeners.get(ch) ?? []).filter((f) => f !== fn)); },
      },
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(out, 'utf8'), {
      module, exports: module.exports, process: { platform: 'linux', env: {} }, console,
      require: (name: string) => { required.push(name); if (name === 'electron') return electron; throw new Error(`a sandboxed preload cannot require ${name}`); },
    });
  });

  const emit = (ch: string, value: unknown) => (listeners.get(ch) ?? []).forEach((fn) => fn({}, value));

  it('requires nothing but electron and exposes exactly procos and procosDesktop', () => {
    expect([...new Set(required)]).toEqual(['electron']);
    expect(Object.keys(exposed).sort()).toEqual(['procos', 'procosDesktop']);
    expect(Object.keys(exposed.procos as object).sort()).toEqual([...ApiMethods, 'onEvent'].sort());
  });

  it('sends every API call as procos:call with its method and input, and unwraps the answer', async () => {
    const procos = exposed.procos as ProcosClient;
    expect(await procos.status()).toEqual({ ready: true });
    expect(invoked.at(-1)).toEqual([Channels.call, 'status', {}]);
    await procos.run({ key: 'k', variables: {}, wait: true, timeoutSeconds: 5 });
    expect(invoked.at(-1)).toEqual([Channels.call, 'run', { key: 'k', variables: {}, wait: true, timeoutSeconds: 5 }]);
    answer = { ok: false, error: 'invalid input for run: key: too small', status: 400 };
    await expect(procos.run({ key: '', variables: {}, wait: false, timeoutSeconds: 1 })).rejects.toThrow('invalid input for run: key: too small');
    answer = { ok: true, result: null };
  });

  it('delivers kernel events until the listener unsubscribes, ignoring junk', () => {
    const procos = exposed.procos as ProcosClient;
    const got: unknown[] = [];
    const off = procos.onEvent((e) => got.push(e));
    emit(Channels.event, { type: 'component', name: 'engine', state: 'ready', detail: '', at: 1 });
    emit(Channels.event, 'junk');
    off();
    emit(Channels.event, { type: 'log', component: 'x', line: 'y', at: 2 });
    expect(got).toEqual([{ type: 'component', name: 'engine', state: 'ready', detail: '', at: 1 }]);
  });

  it('gives the desktop extras: dialogs, opened files, menu commands, routes to show, ready', async () => {
    const desktop = exposed.procosDesktop as ProcosDesktop;
    expect(desktop.platform).toBe('linux');
    await desktop.openBpmn();
    expect(invoked.at(-1)).toEqual([Channels.openDialog]);
    await desktop.saveBpmn({ xml: '<x/>', suggestedName: 'a.bpmn' });
    expect(invoked.at(-1)).toEqual([Channels.save, { xml: '<x/>', suggestedName: 'a.bpmn' }]);
    const files: unknown[] = [];
    const commands: unknown[] = [];
    desktop.onOpenFile((f) => files.push(f));
    desktop.onMenuCommand((c) => commands.push(c));
    emit(Channels.openFile, { name: 'a.bpmn', path: '/a.bpmn', xml: '<x/>' });
    emit(Channels.openFile, { name: 'no xml' });
    emit(Channels.menu, 'save');
    emit(Channels.menu, 'format-disk');
    expect(files).toEqual([{ name: 'a.bpmn', path: '/a.bpmn', xml: '<x/>' }]);
    expect(commands).toEqual(['save']);
    const routes: string[] = [];
    desktop.onNavigate((r) => routes.push(r));
    emit(Channels.navigate, '#/tasks/t-1');
    emit(Channels.navigate, 'https://evil.example/');
    expect(routes).toEqual(['#/tasks/t-1']);
    desktop.ready();
    expect(sent.at(-1)).toEqual([Channels.ready]);
  });
});
