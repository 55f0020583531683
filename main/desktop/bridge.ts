/**
 * What crosses the Electron IPC boundary: channel names, the `window.procosDesktop` shape, the
 * payload schemas main checks, and the result envelope that keeps API errors readable (an error
 * thrown in `ipcMain.handle` reaches the renderer as "Error invoking remote method …: Error: …").
 * Electron-free: preload, main and the renderer's types all read it.
 */
import { z } from 'zod';

export const Channels = {
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
} as const;

/** File menu commands the renderer acts on (the editor owns the diagram). File > Open is handled
 * in main: its dialog's file arrives through onOpenFile. */
export const MenuCommands = ['new', 'save', 'save-as', 'deploy'] as const;
export type MenuCommand = (typeof MenuCommands)[number];

export interface OpenedFile { name: string; path: string; xml: string }

export const SaveRequest = z.object({
  xml: z.string().max(20 * 1024 * 1024, 'diagram too large (over 20 MB)'),
  /** file name offered in the save dialog */
  suggestedName: z.string().max(255).optional(),
  /** save straight to this path: only a path this session opened or saved (else the dialog shows) */
  path: z.string().optional(),
  /** always show the dialog (Save As…) */
  saveAs: z.boolean().optional(),
});
export type SaveRequest = z.infer<typeof SaveRequest>;

/** A save request checked, or an error naming each problem ("xml: …; path: …"). */
export function parseSaveRequest(input: unknown): SaveRequest {
  const r = SaveRequest.safeParse(input);
  if (r.success) return r.data;
  throw new DesktopApiError(`invalid save request: ${r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`, 400);
}

/** `window.procosDesktop`: native extras present only in the desktop app. */
export interface ProcosDesktop {
  readonly platform: string;
  /** the native open dialog; null when cancelled */
  openBpmn(): Promise<OpenedFile | null>;
  /** writes the diagram; null when the dialog is cancelled */
  saveBpmn(request: SaveRequest): Promise<{ path: string } | null>;
  /** files opened from the OS (double-click, argv, second launch, macOS open-file) and File > Open */
  onOpenFile(listener: (file: OpenedFile) => void): () => void;
  /** File menu commands: new, save, save-as, deploy */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** call once the listeners above are attached: files that arrived earlier are delivered then */
  ready(): void;
}

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
