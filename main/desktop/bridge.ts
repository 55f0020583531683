/**
 * What crosses the Electron IPC boundary: channel names, the `window.procosDesktop` shape, the
 * payload schemas main checks, and the result envelope that keeps API errors readable (an error
 * thrown in `ipcMain.handle` reaches the renderer as "Error invoking remote method …: Error: …").
 * Electron-free: preload and main read it; the renderer reads the plain types in common/desktop.ts.
 */
import { z } from 'zod';
import type { SaveRequest as DesktopSaveRequest } from '../../common/desktop';
import { DesktopApiError } from './ipc';

// Channel names and the result envelope live in ./ipc (zod-free: the preload bundles them).
export { Channels, DesktopApiError, fromIpcResult, toIpcResult, type IpcResult } from './ipc';

// The window.procosDesktop shape lives in common/desktop.ts (plain types the renderer may read).
export { MenuCommands, type MenuCommand, type OpenedFile, type ProcosDesktop } from '../../common/desktop';

export const SaveRequest = z.object({
  xml: z.string().max(20 * 1024 * 1024, 'diagram too large (over 20 MB)'),
  /** file name offered in the save dialog */
  suggestedName: z.string().max(255).optional(),
  /** save straight to this path: only a path this session opened or saved (else the dialog shows) */
  path: z.string().optional(),
  /** always show the dialog (Save As…) */
  saveAs: z.boolean().optional(),
}) satisfies z.ZodType<DesktopSaveRequest>; // the request the renderer's type (common/desktop.ts) describes
export type SaveRequest = z.infer<typeof SaveRequest>;

/** A save request checked, or an error naming each problem ("xml: …; path: …"). */
export function parseSaveRequest(input: unknown): SaveRequest {
  const r = SaveRequest.safeParse(input);
  if (r.success) return r.data;
  throw new DesktopApiError(`invalid save request: ${r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`, 400);
}
