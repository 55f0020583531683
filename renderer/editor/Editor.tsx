/**
 * The process editor: toolbar, bpmn-js canvas, properties panel, deploy dialog. Files and commands
 * come from the platform layer (renderer/platform/): native dialogs, the File menu and files opened
 * from the OS in the desktop app; the file picker, downloads and the keyboard in a browser.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNotify } from '../app/notices';
import { errorText } from '../api';
import { navigate } from '../app/route';
import { useConfirm } from '../app/ConfirmDialog';
import { fileService, type DiagramFile } from '../platform/files';
import { useCommands, type EditorCommand } from '../platform/commands';
import { useWindowTitle } from '../platform/title';
import { useModeler } from './useModeler';
import { newDiagramXml } from './newDiagram';
import { DeployDialog } from './DeployDialog';
import { ProblemsPanel } from './ProblemsPanel';
import { XmlView } from './XmlView';

const UNTITLED = 'diagram.bpmn';

export function Editor({ active }: { active: boolean }) {
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modeler = useModeler(canvasRef, panelRef);
  const notify = useNotify();
  const files = useMemo(fileService, []);
  const [file, setFile] = useState<{ name: string; path?: string }>({ name: UNTITLED });
  const [started, setStarted] = useState(false);
  const [dialog, setDialog] = useState<'deploy' | 'run'>();
  const [showXml, setShowXml] = useState(false);
  const { state } = modeler;
  const { confirm, dialog: confirmDialog } = useConfirm();
  useWindowTitle(file.name, state.dirty);

  /** runs `action` at once, or after the user agrees to discard unsaved changes */
  const unlessDirty = useCallback((action: () => void) => {
    if (!state.dirty) return action();
    confirm({ title: 'Discard unsaved changes?', body: `${file.name} has changes that are not saved.`, confirmLabel: 'Discard changes', danger: true, onConfirm: action });
  }, [confirm, file.name, state.dirty]);

  const newDiagram = useCallback(() => unlessDirty(async () => {
    await modeler.load(newDiagramXml());
    setFile({ name: UNTITLED });
  }), [modeler, unlessDirty]);

  /** shows a file in the editor; a file that cannot be read leaves the current diagram as it was */
  const show = useCallback(async (opened: DiagramFile) => {
    try {
      const { warnings, renamed } = await modeler.load(opened.xml);
      setFile({ name: opened.name, path: opened.path });
      if (renamed.length) {
        notify({ kind: 'info', testId: 'namespace-notice', title: `${opened.name}: namespace prefixes renamed so it saves intact`,
          body: renamed.map((r) => `${r.from}: → ${r.to}: (${r.uri})`).join('; ') });
      }
      if (warnings.length) notify({ kind: 'info', title: `Opened ${opened.name} with ${warnings.length} warning(s)`, body: String((warnings[0] as unknown as Error).message ?? warnings[0]) });
    } catch (err) {
      notify({ kind: 'error', title: `Could not open ${opened.name}`, body: errorText(err) });
    }
  }, [modeler, notify]);

  const open = useCallback(() => unlessDirty(async () => {
    try {
      const opened = await files.open();
      if (opened) await show(opened);
    } catch (err) {
      notify({ kind: 'error', title: 'Could not open the file', body: errorText(err) });
    }
  }), [files, notify, show, unlessDirty]);

  const save = useCallback(async (saveAs = false) => {
    const name = file.name === UNTITLED && !file.path && state.processKey ? `${state.processKey}.bpmn` : file.name;
    try {
      const point = modeler.savePoint();
      const saved = await files.save({ name, path: file.path, xml: await modeler.xml() }, { saveAs });
      if (!saved) return; // the user cancelled the dialog: still unsaved
      setFile(saved);
      modeler.markSaved(point);
    } catch (err) {
      notify({ kind: 'error', testId: 'save-error', title: `Could not save ${name}`, body: errorText(err) });
    }
  }, [file, files, modeler, notify, state.processKey]);

  // the first diagram, then files from the OS (the desktop app holds them until we listen)
  const { load } = modeler;
  useEffect(() => { void load(newDiagramXml()).finally(() => setStarted(true)); }, [load]);
  const fromOs = useRef<(f: DiagramFile) => void>(undefined);
  fromOs.current = (f: DiagramFile) => { navigate('#/editor'); unlessDirty(() => void show(f)); };
  useEffect(() => (started ? files.onExternalOpen((f) => fromOs.current?.(f)) : undefined), [files, started]);

  useEffect(() => { // leaving the page with unsaved changes asks first
    if (!state.dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [state.dirty]);

  const modal = !!dialog || !!confirmDialog;
  useCommands(active && !modal, (command: EditorCommand) => {
    if (modal) return; // a menu command while a dialog asks: the dialog comes first
    if (!active && command !== 'undo' && command !== 'redo') navigate('#/editor'); // File menu from another workspace
    const actions: Record<EditorCommand, () => void> = {
      new: newDiagram, open, save: () => void save(), 'save-as': () => void save(true),
      deploy: () => setDialog('deploy'), undo: modeler.undo, redo: modeler.redo,
    };
    actions[command]();
  });

  return (
    <div className="editor" data-testid="editor">
      <div className="toolbar" role="toolbar" aria-label="Diagram">
        <button onClick={newDiagram} title="New diagram (Ctrl+N)" data-testid="editor-new">New</button>
        <button onClick={open} title="Open a .bpmn file (Ctrl+O)" data-testid="editor-open">Open…</button>
        <button onClick={() => void save()} title={files.native ? 'Save (Ctrl+S)' : 'Save / download (Ctrl+S)'} data-testid="editor-save">Save</button>
        <button onClick={() => void save(true)} title="Save under another name (Ctrl+Shift+S)" data-testid="editor-save-as">Save As…</button>
        <span className="sep" />
        <button onClick={modeler.undo} disabled={!state.canUndo} title="Undo (Ctrl+Z)" aria-label="Undo" data-testid="editor-undo">↶</button>
        <button onClick={modeler.redo} disabled={!state.canRedo} title="Redo (Ctrl+Y)" aria-label="Redo" data-testid="editor-redo">↷</button>
        <button onClick={() => setShowXml(!showXml)} className={showXml ? 'toggled' : undefined} aria-pressed={showXml}
          title="Show the diagram as XML" data-testid="editor-xml">XML</button>
        <span className="file-name" data-testid="editor-title" data-dirty={state.dirty} title={file.path ?? file.name}>
          {state.dirty && <span className="dirty" title="Unsaved changes" aria-label="Unsaved changes">●</span>}
          {file.name}
          {state.processKey && <span className="muted"> · {state.processKey}</span>}
        </span>
        <span className="spacer" />
        <button onClick={() => setDialog('deploy')} title="Deploy (Ctrl+Shift+D)" data-testid="editor-deploy">Deploy</button>
        <button className="primary" onClick={() => setDialog('run')} data-testid="editor-deploy-run">Deploy &amp; Run</button>
      </div>
      <div className="editor-body">
        <div className="canvas-column">
          <div className="canvas" ref={canvasRef} data-testid="editor-canvas" />
          <ProblemsPanel problems={modeler.problems} select={modeler.selectElement} />
        </div>
        {showXml && <XmlView xml={modeler.xml} version={state} />}
        <aside className="properties" ref={panelRef} aria-label="Properties" data-testid="properties-panel" />
      </div>
      {confirmDialog}
      {dialog && (
        <DeployDialog mode={dialog} fileName={file.name} processKey={state.processKey}
          definitions={modeler.definitions} xml={modeler.xml} selectElement={modeler.selectElement}
          onClose={() => setDialog(undefined)} />
      )}
    </div>
  );
}
