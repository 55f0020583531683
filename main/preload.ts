/**
 * The renderer's only door to the main process (sandboxed, context-isolated preload):
 *   window.procos         the API contract (ProcosClient): every method is one `procos:call`
 *   window.procosDesktop  native open/save dialogs, files opened from the OS, File menu commands, routes to show
 * Nothing else: no ipcRenderer, no Node. Main validates every payload again (main/api/dispatch.ts).
 * Built as a CommonJS bundle (dist/main/preload.cjs): a sandboxed preload cannot load ES modules.
 * It carries no contract (no zod): the method names come from main at load (`procos:methods`).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { KernelEvent, ProcosClient } from '../common/contract';
import { MenuCommands, type MenuCommand, type OpenedFile, type ProcosDesktop, type SaveRequest } from '../common/desktop';
import { Channels, fromIpcResult } from './desktop/ipc';

function subscribe<T>(channel: string, accept: (value: unknown) => value is T, listener: (value: T) => void): () => void {
  const handler = (_event: IpcRendererEvent, value: unknown) => { if (accept(value)) listener(value); };
  ipcRenderer.on(channel, handler);
  return () => { ipcRenderer.removeListener(channel, handler); };
}

const isEvent = (v: unknown): v is KernelEvent => !!v && typeof v === 'object' && typeof (v as KernelEvent).type === 'string';
const isOpenedFile = (v: unknown): v is OpenedFile =>
  !!v && typeof (v as OpenedFile).xml === 'string' && typeof (v as OpenedFile).path === 'string';
const isMenuCommand = (v: unknown): v is MenuCommand => (MenuCommands as readonly unknown[]).includes(v);
const isRoute = (v: unknown): v is string => typeof v === 'string' && v.startsWith('#/');

const methods: unknown = ipcRenderer.sendSync(Channels.methods);
const api: Record<string, unknown> = {};
for (const method of Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : []) {
  api[method] = async (input?: unknown) => fromIpcResult(await ipcRenderer.invoke(Channels.call, method, input ?? {}));
}
api.onEvent = (listener: (event: KernelEvent) => void) => subscribe(Channels.event, isEvent, listener);

const desktop: ProcosDesktop = {
  platform: process.platform,
  openBpmn: async () => fromIpcResult(await ipcRenderer.invoke(Channels.openDialog)) as OpenedFile | null,
  saveBpmn: async (request: SaveRequest) =>
    fromIpcResult(await ipcRenderer.invoke(Channels.save, request)) as { path: string } | null,
  onOpenFile: (listener) => subscribe(Channels.openFile, isOpenedFile, listener),
  onMenuCommand: (listener) => subscribe(Channels.menu, isMenuCommand, listener),
  onNavigate: (listener) => subscribe(Channels.navigate, isRoute, listener),
  ready: () => ipcRenderer.send(Channels.ready),
};

contextBridge.exposeInMainWorld('procos', api as unknown as ProcosClient);
contextBridge.exposeInMainWorld('procosDesktop', desktop);
