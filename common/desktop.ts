/**
 * The shape of `window.procosDesktop`: native extras present only in the desktop app. Plain types
 * (no zod, no electron) so the renderer may read them; main/desktop/bridge.ts re-exports them next
 * to the IPC channel names and the schema main checks save requests with.
 */

/** File menu commands the renderer acts on (the editor owns the diagram). File > Open is handled
 * in main: its dialog's file arrives through onOpenFile. */
export const MenuCommands = ['new', 'save', 'save-as', 'deploy'] as const;
export type MenuCommand = (typeof MenuCommands)[number];

export interface OpenedFile { name: string; path: string; xml: string }

export interface SaveRequest {
  xml: string;
  /** file name offered in the save dialog */
  suggestedName?: string;
  /** save straight to this path: only a path this session opened or saved (else the dialog shows) */
  path?: string;
  /** always show the dialog (Save As…) */
  saveAs?: boolean;
}

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
  /** routes the shell asks to show (`#/tasks/ID` when a task notification is clicked) */
  onNavigate(listener: (hash: string) => void): () => void;
  /** call once the listeners above are attached: files that arrived earlier are delivered then */
  ready(): void;
}
