/**
 * The process editor: open diagrams as tabs, toolbar, bpmn-js canvas, properties panel, deploy
 * dialog. Each tab has its own Modeler (diagram.ts); the active one is attached to the page. Files
 * and commands come from the platform layer (renderer/platform/): native dialogs, the File menu
 * and files opened from the OS in the desktop app; the file picker, downloads and the keyboard in a
 * browser. Other screens open diagrams through tabs.ts (openInNewTab). A `.form` tab holds a Camunda Form
 * in form-js's editor (formDesign.ts, loaded when one opens); deploying a diagram carries along the open
 * forms its user tasks refer to.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useNotify } from '../app/notices';
import { errorText } from '../api';
import { navigate, parseRoute } from '../app/route';
import { useConfirm } from '../app/ConfirmDialog';
import { fileService, type DiagramFile } from '../platform/files';
import { useCommands, type EditorCommand } from '../platform/commands';
import { useWindowTitle } from '../platform/title';
import { Diagram } from './diagram';
import { activateTab, activeTab, closeTab, cycleTab, getTabs, isUntouched, openInNewTab, tabWithPath, untitledName, updateTab, useTabs, type Tab } from './tabs';
import type { FormDesign } from './formDesign';
import { formRefsOf, formsToDeployWith, newFormJson } from './formTabs';
import { deployNotice } from '../deploy/deployNotice';
import { api } from '../api';
import { newDiagramXml } from './newDiagram';
import { DeployDialog } from './DeployDialog';
import { ProblemsPanel } from './ProblemsPanel';
import { XmlView } from './XmlView';
import { CopilotPanel, type CopilotMode } from './CopilotPanel';
import './copilot.css';
import { TabBar, TAB_PANEL_ID, tabElementId } from './TabBar';
import { SidePanel } from './SidePanel';
import { usePanels } from './usePanels';
import { useAskName } from './SaveAsDialog';
import { TemplateChooser } from './TemplateChooser';
import type { ElementTemplate } from './elementTemplates';
import './tabs.css';
import './panels.css';

/** the Modeler (or form editor) of each open tab, by tab id (the editor is mounted once, like the tab store) */
const diagrams = new Map<string, Diagram | FormDesign>();
/** tabs whose editor is being created (a form's loads form-js first) */
const creating = new Set<string>();

const newTab = (show = true) => openInNewTab({ name: untitledName(), xml: newDiagramXml() }, { isNew: true, show });
const newForm = () => openInNewTab({ name: untitledName('form'), xml: newFormJson() }, { isNew: true });

/** A file from a dialog or the OS: its open tab if it has one, else a new tab (replacing an untouched new diagram). */
function openFile(file: DiagramFile) {
  const open = file.path ? tabWithPath(file.path) : undefined;
  if (open) return activateTab(open.id);
  const current = activeTab();
  openInNewTab(file, { replaces: isUntouched(current) ? current!.id : undefined });
}

export function Editor({ active }: { active: boolean }) {
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const { ask: askName, dialog: saveAsDialog } = useAskName();
  const notify = useNotify();
  const files = useMemo(fileService, []);
  const { tabs, activeId } = useTabs();
  const tab = tabs.find((t) => t.id === activeId);
  const openDoc = activeId ? diagrams.get(activeId) : undefined;
  const diagram = openDoc instanceof Diagram ? openDoc : undefined; // a BPMN tab (not a form)
  const [started, setStarted] = useState(false);
  const [dialog, setDialog] = useState<'deploy' | 'run'>();
  const [showXml, setShowXml] = useState(false);
  const [copilot, setCopilot] = useState<{ mode: CopilotMode; run: number }>();
  const [choosing, setChoosing] = useState<{ diagram: Diagram; element: unknown }>();
  const { confirm, dialog: confirmDialog } = useConfirm();
  useWindowTitle(tab?.name, !!tab?.dirty);

  /** loads a new tab's diagram into its own Modeler; a file that cannot be read closes its tab again */
  const load = useCallback(async (t: Tab) => {
    creating.add(t.id);
    const file = t.opening!;
    try {
      const created: Diagram | FormDesign = t.kind === 'form'
        ? new (await import('./formDesign')).FormDesign((state) => updateTab(t.id, state))
        : new Diagram((state) => updateTab(t.id, state), (element) => setChoosing({ diagram: created as Diagram, element }));
      diagrams.set(t.id, created);
      const { warnings, renamed } = await created.load(file.xml, { dirty: file.dirty });
      updateTab(t.id, { opening: undefined });
      const replaced = getTabs().tabs.find((x) => x.id === t.replaces);
      if (replaced && isUntouched(replaced)) closeTab(replaced.id);
      if (renamed.length) {
        notify({ kind: 'info', testId: 'namespace-notice', title: `${file.name}: namespace prefixes renamed so it saves intact`,
          body: renamed.map((r) => `${r.from}: → ${r.to}: (${r.uri})`).join('; ') });
      }
      if (warnings.length) notify({ kind: 'info', title: `Opened ${file.name} with ${warnings.length} warning(s)`, body: String((warnings[0] as unknown as Error).message ?? warnings[0]) });
    } catch (err) {
      notify({ kind: 'error', title: `Could not open ${file.name}`, body: errorText(err) });
      closeTab(t.id, t.openedFrom);
    } finally {
      creating.delete(t.id);
      setStarted(true);
    }
  }, [notify]);

  // a Modeler for every new tab, none for closed ones; there is always at least one tab
  useEffect(() => {
    for (const t of tabs) if (!diagrams.has(t.id) && !creating.has(t.id) && t.opening) void load(t);
    for (const [id, d] of diagrams) if (!tabs.some((t) => t.id === id)) { d.destroy(); diagrams.delete(id); }
    if (!tabs.length) newTab(false);
  }, [tabs, load]);

  // only the active tab's canvas and properties are in the page
  useLayoutEffect(() => {
    if (!openDoc) return;
    openDoc.attach(canvasRef.current!, panelRef.current!);
    return () => openDoc.detach();
  }, [openDoc]);
  useEffect(() => { // a diagram opened while the editor was hidden fits once it is shown
    const observer = new ResizeObserver(() => openDoc?.fitIfPending());
    observer.observe(canvasRef.current!);
    return () => observer.disconnect();
  }, [openDoc]);

  // files from the OS (the desktop app holds them until we listen)
  useEffect(() => (started ? files.onExternalOpen((f) => { navigate('#/editor'); openFile(f); }) : undefined), [files, started]);

  const anyDirty = tabs.some((t) => t.dirty);
  useEffect(() => { // leaving the page with unsaved changes in any tab asks first
    if (!anyDirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [anyDirty]);

  /** closes a tab; one with unsaved changes is shown and asks first */
  const requestClose = useCallback((id: string) => {
    const t = getTabs().tabs.find((x) => x.id === id);
    if (!t) return;
    if (!t.dirty) return closeTab(id);
    activateTab(id);
    confirm({ title: 'Close with unsaved changes?', body: `${t.name} has changes that are not saved.`, confirmLabel: 'Discard changes', danger: true, onConfirm: () => closeTab(id) });
  }, [confirm]);

  const open = useCallback(async () => {
    try {
      const opened = await files.open();
      if (opened) openFile(opened);
    } catch (err) {
      notify({ kind: 'error', title: 'Could not open the file', body: errorText(err) });
    }
  }, [files, notify]);

  const save = useCallback(async (saveAs = false) => {
    const t = activeTab();
    const d = t && diagrams.get(t.id);
    if (!t || !d) return;
    const name = t.isNew && !t.path && t.processKey ? `${t.processKey}.${t.kind === 'form' ? 'form' : 'bpmn'}` : t.name;
    try {
      const point = d.savePoint();
      const saved = await files.save({ name, path: t.path, handle: t.handle, xml: await d.xml() }, { saveAs, askName });
      if (!saved) return; // the user cancelled the dialog: still unsaved
      updateTab(t.id, { name: saved.name, path: saved.path, handle: saved.handle, isNew: false });
      d.markSaved(point);
    } catch (err) {
      notify({ kind: 'error', testId: 'save-error', title: `Could not save ${name}`, body: errorText(err) });
    }
  }, [files, notify, askName]);

  /** Deploy: a diagram through the dialog (with the open forms it refers to); a form on its own, at once. */
  const deploy = useCallback(async (mode: 'deploy' | 'run' = 'deploy') => {
    const t = activeTab();
    const d = t && diagrams.get(t.id);
    if (!t || !d) return;
    if (d instanceof Diagram) return setDialog(mode);
    try { notify(deployNotice(await api().deploy({ files: [{ name: t.name, xml: await d.xml() }] }))); } catch (err) {
      notify({ kind: 'error', title: `Could not deploy ${t.name}`, body: errorText(err) });
    }
  }, [notify]);
  const formsFor = useCallback(async () => {
    const refs = formRefsOf(diagram?.definitions());
    const open = getTabs().tabs.filter((t) => t.kind === 'form').map((t) => ({ name: t.name, text: () => diagrams.get(t.id)?.xml() ?? Promise.resolve('') }));
    return formsToDeployWith(refs, open);
  }, [diagram]);

  const modal = !!dialog || !!confirmDialog || !!choosing || !!saveAsDialog;
  useCommands(active && !modal, (command: EditorCommand) => {
    if (modal) return; // a menu command while a dialog asks: the dialog comes first
    // File menu from another workspace (the address, not `active`: a tab clicked just before may not have rendered yet)
    if (parseRoute(location.hash).view !== 'editor' && command !== 'undo' && command !== 'redo') navigate('#/editor');
    const actions: Record<EditorCommand, () => void> = {
      new: () => newTab(), open: () => void open(), save: () => void save(), 'save-as': () => void save(true),
      deploy: () => void deploy(), undo: () => openDoc?.undo(), redo: () => openDoc?.redo(),
      'close-tab': () => activeId && requestClose(activeId), 'next-tab': () => cycleTab(1), 'previous-tab': () => cycleTab(-1),
    };
    actions[command]();
  });

  const chooseTemplate = (template: ElementTemplate) => {
    choosing?.diagram.applyTemplate(choosing.element, template);
    setChoosing(undefined);
  };

  const openPanels = [...(showXml && openDoc ? ['xml'] : []), ...(copilot ? ['copilot'] : []), ...(tab?.kind === 'form' ? [] : ['properties'])];
  const panels = usePanels(bodyRef, openPanels);
  const panelProps = (id: string) => ({ id, size: panels.size(id), onResize: (w: number) => panels.resize(id, w), onToggle: () => panels.toggle(id) });

  return (
    <div className="editor" data-testid="editor">
      <TabBar tabs={tabs} activeId={activeId} onActivate={activateTab} onClose={requestClose} onNew={() => newTab()} onNewForm={newForm} />
      <div className="editor-tabpanel" role="tabpanel" id={TAB_PANEL_ID} aria-labelledby={activeId ? tabElementId(activeId) : undefined}>
        <div className="toolbar" role="toolbar" aria-label="Diagram">
          <button onClick={() => newTab()} title="New diagram in a new tab (Ctrl+N)" data-testid="editor-new">New</button>
          <button onClick={() => void open()} title="Open a .bpmn file in a new tab (Ctrl+O)" data-testid="editor-open">Open…</button>
          <button onClick={() => void save()} title={files.native ? 'Save (Ctrl+S)' : 'Save / download (Ctrl+S)'} data-testid="editor-save">Save</button>
          <button onClick={() => void save(true)} title="Save under another name (Ctrl+Shift+S)" data-testid="editor-save-as">Save As…</button>
          <span className="sep" />
          <button onClick={() => openDoc?.undo()} disabled={!tab?.canUndo} title="Undo (Ctrl+Z)" aria-label="Undo" data-testid="editor-undo">↶</button>
          <button onClick={() => openDoc?.redo()} disabled={!tab?.canRedo} title="Redo (Ctrl+Y)" aria-label="Redo" data-testid="editor-redo">↷</button>
          <button onClick={() => setShowXml(!showXml)} className={showXml ? 'toggled' : undefined} aria-pressed={showXml}
            title={tab?.kind === 'form' ? 'Show the form as JSON' : 'Show the diagram as XML, to read or edit'} data-testid="editor-xml">{tab?.kind === 'form' ? 'JSON' : 'XML'}</button>
          <span className="file-name" data-testid="editor-title" data-dirty={!!tab?.dirty} title={tab?.path ?? tab?.name}>
            {tab?.dirty && <><span className="dirty" aria-hidden>●</span><span className="sr-only">unsaved: </span></>}
            {tab?.name}
            {tab?.processKey && <span className="muted"> · {tab.processKey}</span>}
          </span>
          <span className="spacer" />
          <button onClick={() => setCopilot({ mode: 'draft', run: Date.now() })} title="Draft a diagram from a description, with the local model" data-testid="editor-draft">Draft from description…</button>
          <button onClick={() => setCopilot({ mode: 'explain', run: Date.now() })} disabled={!diagram} title="Explain this diagram in plain words" data-testid="editor-explain">Explain</button>
          <button onClick={() => void deploy()} title="Deploy (Ctrl+Shift+D)" data-testid="editor-deploy">Deploy</button>
          <button className="primary" onClick={() => void deploy('run')} disabled={!diagram} data-testid="editor-deploy-run">Deploy &amp; Run</button>
        </div>
        <div className="editor-body" ref={bodyRef}>
          <div className="canvas-column">
            <div className="canvas" ref={canvasRef} data-testid="editor-canvas" />
            <ProblemsPanel problems={tab?.problems ?? []} select={(id) => diagram?.selectElement(id)} />
          </div>
          {showXml && openDoc && (
            <SidePanel {...panelProps('xml')} label={tab?.kind === 'form' ? 'JSON' : 'XML'}>
              <XmlView key={activeId} xml={openDoc.xml} version={tab} validate={diagram?.validateXml} apply={diagram?.replaceXml} />
            </SidePanel>
          )}
          {copilot && (
            <SidePanel {...panelProps('copilot')} label={copilot.mode === 'draft' ? 'Draft' : 'Explain'}>
              <CopilotPanel key={copilot.run} mode={copilot.mode} xml={diagram?.xml} onClose={() => setCopilot(undefined)} />
            </SidePanel>
          )}
          {/* a form's editor lays out its own properties */}
          <SidePanel {...panelProps('properties')} label="Properties" hidden={tab?.kind === 'form'}>
            <aside className="properties" ref={panelRef} aria-label="Properties" data-testid="properties-panel" />
          </SidePanel>
        </div>
      </div>
      {confirmDialog}
      {saveAsDialog}
      {choosing && <TemplateChooser templates={choosing.diagram.templatesFor(choosing.element)} onChoose={chooseTemplate} onClose={() => setChoosing(undefined)} />}
      {dialog && diagram && tab && (
        <DeployDialog mode={dialog} fileName={tab.name} processKey={tab.processKey}
          definitions={diagram.definitions} xml={diagram.xml} selectElement={diagram.selectElement} forms={formsFor}
          onClose={() => setDialog(undefined)} />
      )}
    </div>
  );
}
