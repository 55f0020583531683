/**
 * One open Camunda Form (a `.form` editor tab): @bpmn-io/form-js-editor with its palette, canvas and
 * properties panel (form-js lays the three out in its own container; the diagram's properties column is
 * hidden for a form), attached to the page only while its tab is active — the same surface as a diagram's
 * tab (diagram.ts) for the editor: load, attach/detach, undo/redo, the text to save, dirty tracking.
 * Loaded only when a form is opened (form-js stays out of the first load).
 */
import { FormEditor } from '@bpmn-io/form-js-editor';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/properties-panel.css';
import '@bpmn-io/form-js-editor/dist/assets/dragula.css';
import '../tasks/form-js-theme.css';
import type { DiagramState } from './diagram';

interface CommandStack { canUndo(): boolean; canRedo(): boolean; undo(): void; redo(): void; _stackIdx: number }

const NEVER_SAVED = -2;

export class FormDesign {
  readonly kind = 'form' as const;
  private readonly editor: FormEditor;
  private savedIdx = -1;

  constructor(private readonly onState: (state: DiagramState) => void) {
    this.editor = new FormEditor({ exporter: { name: 'ProcOS', version: '1' }, propertiesPanel: {} });
    this.editor.on('commandStack.changed', () => this.report()); // every edit, undo and redo
    this.editor.on('import.done', () => this.report());
  }

  private stack() { return this.editor.get<CommandStack>('commandStack'); }

  state(): DiagramState {
    const stack = this.stack();
    return { dirty: stack._stackIdx !== this.savedIdx, canUndo: stack.canUndo(), canRedo: stack.canRedo(), processKey: this.formId(), problems: [] };
  }

  private report() { this.onState(this.state()); }

  formId(): string | undefined { return (this.editor.saveSchema() as { id?: string }).id; }

  /** Reads the form's JSON; throws with what is wrong (not JSON, or a schema form-js cannot import). */
  async load(json: string, { dirty = false } = {}) {
    let schema: unknown;
    try { schema = JSON.parse(json); } catch (err) { throw new Error(`not a Camunda Form: the file is not JSON (${(err as Error).message})`, { cause: err }); }
    const { warnings } = await this.editor.importSchema(schema);
    this.savedIdx = dirty ? NEVER_SAVED : this.stack()._stackIdx;
    this.report();
    return { warnings: warnings as unknown[], renamed: [] as { from: string; to: string; uri: string }[] };
  }

  attach(canvas: HTMLElement) { this.editor.attachTo(canvas); }
  detach() { this.editor.detach(); }

  destroy() { this.editor.destroy(); }
  fitIfPending() { /* a form flows with its container: nothing to fit */ }

  xml = async () => JSON.stringify(this.editor.saveSchema(), null, 2);
  savePoint = () => this.stack()._stackIdx;
  markSaved = (point: number = this.savePoint()) => { this.savedIdx = point; this.report(); };
  undo = () => this.stack().undo();
  redo = () => this.stack().redo();
}
