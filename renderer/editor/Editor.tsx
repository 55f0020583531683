/** The process editor: toolbar, bpmn-js canvas, properties panel, deploy dialog. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNotify } from '../app/notices';
import { errorText } from '../api';
import { useModeler } from './useModeler';
import { useEditorShortcuts } from './shortcuts';
import { newDiagramXml } from './newDiagram';
import { downloadText, pickFile } from './fileIo';
import { DeployDialog } from './DeployDialog';
import { useConfirm } from '../app/ConfirmDialog';

export function Editor({ active }: { active: boolean }) {
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modeler = useModeler(canvasRef, panelRef);
  const notify = useNotify();
  const [fileName, setFileName] = useState('diagram.bpmn');
  const [dialog, setDialog] = useState<'deploy' | 'run'>();
  const { state } = modeler;
  const { confirm, dialog: confirmDialog } = useConfirm();
  /** runs `action` at once, or after the user agrees to discard unsaved changes */
  const unlessDirty = useCallback((action: () => void) => {
    if (!state.dirty) return action();
    confirm({ title: 'Discard unsaved changes?', body: `${fileName} has changes that are not saved.`, confirmLabel: 'Discard changes', danger: true, onConfirm: action });
  }, [confirm, fileName, state.dirty]);

  const newDiagram = useCallback(() => unlessDirty(async () => {
    await modeler.load(newDiagramXml());
    setFileName('diagram.bpmn');
  }), [modeler, unlessDirty]);

  useEffect(() => { void modeler.load(newDiagramXml()); }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { // leaving the page with unsaved changes asks first
    if (!state.dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [state.dirty]);

  const open = useCallback(() => unlessDirty(async () => {
    const file = await pickFile();
    if (!file) return;
    try {
      const warnings = await modeler.load(await file.text());
      setFileName(file.name);
      if (warnings.length) notify({ kind: 'info', title: `Opened ${file.name} with ${warnings.length} warning(s)`, body: String((warnings[0] as unknown as Error).message ?? warnings[0]) });
    } catch (err) {
      notify({ kind: 'error', title: `Could not open ${file.name}`, body: errorText(err) });
    }
  }), [modeler, notify, unlessDirty]);

  const save = useCallback(async () => {
    const name = fileName === 'diagram.bpmn' && state.processKey ? `${state.processKey}.bpmn` : fileName;
    downloadText(name, await modeler.xml());
    setFileName(name);
    modeler.markSaved();
  }, [fileName, modeler, state.processKey]);

  useEditorShortcuts(active && !dialog && !confirmDialog, { save, open, newDiagram, undo: modeler.undo, redo: modeler.redo, deploy: () => setDialog('deploy') });

  return (
    <div className="editor" data-testid="editor">
      <div className="toolbar" role="toolbar" aria-label="Diagram">
        <button onClick={newDiagram} title="New diagram (Ctrl+N)" data-testid="editor-new">New</button>
        <button onClick={open} title="Open a .bpmn file (Ctrl+O)" data-testid="editor-open">Open…</button>
        <button onClick={save} title="Save / download (Ctrl+S)" data-testid="editor-save">Save</button>
        <span className="sep" />
        <button onClick={modeler.undo} disabled={!state.canUndo} title="Undo (Ctrl+Z)" aria-label="Undo" data-testid="editor-undo">↶</button>
        <button onClick={modeler.redo} disabled={!state.canRedo} title="Redo (Ctrl+Y)" aria-label="Redo" data-testid="editor-redo">↷</button>
        <span className="file-name" data-testid="editor-title" data-dirty={state.dirty}>
          {state.dirty && <span className="dirty" title="Unsaved changes" aria-label="Unsaved changes">●</span>}
          {fileName}
          {state.processKey && <span className="muted"> · {state.processKey}</span>}
        </span>
        <span className="spacer" />
        <button onClick={() => setDialog('deploy')} title="Deploy (Ctrl+Shift+D)" data-testid="editor-deploy">Deploy</button>
        <button className="primary" onClick={() => setDialog('run')} data-testid="editor-deploy-run">Deploy &amp; Run</button>
      </div>
      <div className="editor-body">
        <div className="canvas" ref={canvasRef} data-testid="editor-canvas" />
        <aside className="properties" ref={panelRef} aria-label="Properties" data-testid="properties-panel" />
      </div>
      {confirmDialog}
      {dialog && (
        <DeployDialog mode={dialog} fileName={fileName} processKey={state.processKey}
          definitions={modeler.definitions} xml={modeler.xml} selectElement={modeler.selectElement}
          onClose={() => setDialog(undefined)} />
      )}
    </div>
  );
}
