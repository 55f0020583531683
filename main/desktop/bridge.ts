/**
 * What crosses the Electron IPC boundary: channel names, the `window.procosDesktop` shape, the
 * payload schemas main checks, and the result envelope that keeps API errors readable (an error
 * thrown in `ipcMain.handle` reaches the renderer as "Error invoking remote method …: Error: …").
 * Electron-free: preload, main and the renderer's types all read it.
 */
import { z } from 'zod';
import { DesktopApiError } from './ipc';

// Channel names and the result envelope live in ./ipc (zod-free: the preload bundles them).
export { Channels, DesktopApiError, fromIpcResult, toIpcResult, type IpcResult } from './ipc';

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


