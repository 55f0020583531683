/**
 * One file service for the editor: in the desktop app, native dialogs and writing in place to a file's
 * own path; in a browser, the file picker, and for Save As the browser's save dialog where it has one
 * (File System Access API: later saves write to that file again), else a name the user types and a
 * download. Files opened from the OS (double-click, argv, a second launch, macOS open-file, File >
 * Open) arrive through onExternalOpen.
 */
import { baseName, desktopBridge } from './desktop';
import { bpmnFileName, downloadText, pickFile, pickSaveFile, savePicker, writeFile, type WritableFile } from './browserFiles';

/** A diagram as the editor knows it: a name, the path it lives at (desktop), the file the browser may write to again, the XML. */
export interface DiagramFile { name: string; path?: string; handle?: WritableFile; xml: string }
/** Where a diagram went: the name (and path, or writable file) it now has. */
export interface SavedAs { name: string; path?: string; handle?: WritableFile }

export interface SaveOptions {
  saveAs?: boolean;
  /** asks the user for a name (a browser without a save dialog); null when cancelled */
  askName?(suggested: string): Promise<string | null>;
}

export interface FileService {
  /** true in the desktop app: Save writes in place, Save As shows a dialog */
  readonly native: boolean;
  /** asks for a file; null when cancelled */
  open(): Promise<DiagramFile | null>;
  /** writes the diagram (to its path, or asking where); null when the user cancelled */
  save(file: DiagramFile, options?: SaveOptions): Promise<SavedAs | null>;
  /**
   * Listens for files the OS hands over, then tells the desktop app it listens (files that came
   * earlier are delivered then). Returns the unsubscribe. In a browser nothing arrives this way.
   */
  onExternalOpen(listener: (file: DiagramFile) => void): () => void;
}

const desktopFiles = (): FileService | undefined => {
  const bridge = desktopBridge();
  if (!bridge) return undefined;
  return {
    native: true,
    open: () => bridge.openBpmn(),
    async save(file, options = {}) {
      const saved = await bridge.saveBpmn({ xml: file.xml, path: file.path, suggestedName: file.name, saveAs: options.saveAs });
      return saved && { name: baseName(saved.path), path: saved.path };
    },
    onExternalOpen(listener) {
      const off = bridge.onOpenFile(listener);
      bridge.ready();
      return off;
    },
  };
};

const browserFiles: FileService = {
  native: false,
  async open() {
    const file = await pickFile();
    return file ? { name: file.name, xml: await file.text() } : null;
  },
  async save(file, { saveAs = false, askName } = {}) {
    if (file.handle && !saveAs) {
      await writeFile(file.handle, file.xml);
      return { name: file.handle.name, handle: file.handle };
    }
    if (!saveAs) {
      downloadText(file.name, file.xml); // where it goes is the browser's choice (it may ask)
      return { name: file.name };
    }
    const picker = savePicker();
    if (picker) {
      const handle = await pickSaveFile(picker, file.name);
      if (!handle) return null;
      await writeFile(handle, file.xml);
      return { name: handle.name, handle };
    }
    const typed = await askName?.(file.name);
    if (!typed?.trim()) return null;
    const name = bpmnFileName(typed);
    downloadText(name, file.xml);
    return { name };
  },
  onExternalOpen: () => () => undefined,
};

export function fileService(): FileService {
  return desktopFiles() ?? browserFiles;
}
