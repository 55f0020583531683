/**
 * The IPC channel names and the result envelope that keeps API errors readable across IPC (an error
 * thrown in `ipcMain.handle` reaches the renderer as "Error invoking remote method …: Error: …").
 * Plain code, no zod and no electron: the sandboxed preload bundles it, main and tests read it.
 */

export const Channels = {
  /** sendSync() → the API method names (common/contract.ts), answered by main: the preload carries no contract */
  methods: 'procos:methods',
  /** invoke(method, input) → IpcResult: every ProcosApi method */
  call: 'procos:call',
  /** main → renderer: every KernelEvent */
  event: 'procos:event',
  /** invoke() → OpenedFile | null: the native open dialog */
  openDialog: 'procos-desktop:open-dialog',
  /** invoke(SaveRequest) → { path } | null: the native save dialog, or a path granted earlier */
  save: 'procos-desktop:save',
  /** renderer → main: listeners are attached; queued files may be delivered */
  ready: 'procos-desktop:ready',
  /** main → renderer: a .bpmn file opened from the OS, a second launch or File > Open */
  openFile: 'procos-desktop:open-file',
  /** main → renderer: a File menu command */
  menu: 'procos-desktop:menu',
  /** main → renderer: a route to show (`#/tasks/ID` from a task notification, `#/tasks` from the tray) */
  navigate: 'procos-desktop:navigate',
} as const;

/** The envelope every `procos:call` answers with. */
export type IpcResult =
  | { ok: true; result: unknown }
  | { ok: false; error: string; status?: number; details?: unknown };

export function toIpcResult(run: () => unknown): Promise<IpcResult> {
  return Promise.resolve().then(run).then(
    (result) => ({ ok: true as const, result: result ?? null }),
    (err: unknown) => {
      const e = err as { message?: unknown; status?: unknown; details?: unknown };
      return {
        ok: false as const,
        error: typeof e?.message === 'string' && e.message ? e.message : String(err),
        status: typeof e?.status === 'number' ? e.status : undefined,
        details: e?.details,
      };
    },
  );
}

/** An error as the renderer sees it: the kernel's message, its HTTP-like status. */
export class DesktopApiError extends Error {
  constructor(message: string, public status?: number, public details?: unknown) { super(message); }
}

export function fromIpcResult(value: unknown): unknown {
  const r = value as IpcResult | undefined;
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') throw new DesktopApiError('malformed answer from the main process');
  if (r.ok) return r.result;
  throw new DesktopApiError(r.error, r.status, r.details);
}
