/**
 * One open diagram (one editor tab): a bpmn-js Modeler with the properties panel, Camunda 7
 * extensions, ProcOS's element templates and bpmnlint. Each tab keeps its own Modeler — its undo
 * history, selection and lint state survive switching tabs — and only the active one is attached
 * to the page (attachTo/detach, as Camunda Modeler does), so the page holds one canvas at a time.
 */
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import lintModule from 'bpmn-js-bpmnlint';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './lint.css';
import { lintConfig } from './lintConfig';
import { problemsFrom, type Problem } from './ProblemsPanel';
import { knownPrefixes, normalizeNamespaces } from './namespaces';
import { diagramColors } from './theme';
import { topicTemplates, type ElementTemplate } from './elementTemplates';
import type { XmlProblem } from './XmlView';

interface CommandStack { canUndo(): boolean; canRedo(): boolean; undo(): void; redo(): void; _stackIdx: number }
interface ElementTemplates { getLatest(element: unknown): ElementTemplate[]; applyTemplate(element: unknown, template: ElementTemplate): unknown }
interface PropertiesPanel { attachTo(parent: HTMLElement): void; detach(): void }
interface Moddle {
  fromXML(xml: string, type: string): Promise<{ rootElement: { diagrams?: unknown[] }; warnings: { message: string }[] }>;
  getPackages(): { prefix: string; uri: string }[];
}

/** What the toolbar, the tab bar and the Problems panel show of a diagram. */
export interface DiagramState { dirty: boolean; canUndo: boolean; canRedo: boolean; processKey?: string; processName?: string; problems: Problem[] }

/** a save point no command stack reaches: the diagram counts as unsaved until it is saved */
const NEVER_SAVED = -2;

export class Diagram {
  private readonly modeler: Modeler;
  private savedIdx = -1;
  private pendingFit = false;
  private canvasParent?: HTMLElement;
  private problems: Problem[] = [];

  /**
   * @param onState called whenever the state changes (edits, undo, import, lint)
   * @param onChooseTemplate called when the properties panel asks to choose a template for an element
   */
  constructor(private readonly onState: (state: DiagramState) => void, onChooseTemplate: (element: unknown) => void) {
    this.modeler = new Modeler({
      propertiesPanel: {},
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule,
        ElementTemplatesPropertiesProviderModule, lintModule],
      moddleExtensions: { camunda: camundaModdle },
      elementTemplates: topicTemplates(),
      linting: { bpmnlint: lintConfig, active: true },
      bpmnRenderer: diagramColors(),
    } as ConstructorParameters<typeof Modeler>[0]);
    this.modeler.on('commandStack.changed', () => this.report());
    this.modeler.on('import.done', () => this.report());
    this.modeler.on('linting.completed', (e: { issues: Parameters<typeof problemsFrom>[0] }) => {
      const registry = this.modeler.get<{ get(id: string): { businessObject?: { name?: string } } | undefined }>('elementRegistry');
      this.problems = problemsFrom(e.issues, (id) => registry.get(id)?.businessObject?.name);
      this.report();
    });
    this.modeler.on('elementTemplates.select', (e: { element: unknown }) => onChooseTemplate(e.element));
  }

  state(): DiagramState {
    const stack = this.modeler.get<CommandStack>('commandStack');
    const process = this.modeler.getDefinitions()?.rootElements?.find((e: { $type: string }) => e.$type === 'bpmn:Process');
    return {
      dirty: stack._stackIdx !== this.savedIdx,
      canUndo: stack.canUndo(), canRedo: stack.canRedo(),
      processKey: process?.id, processName: process?.name, problems: this.problems,
    };
  }

  private report() { this.onState(this.state()); }

  /** Puts the canvas and the properties panel into the page. */
  attach(canvas: HTMLElement, panel: HTMLElement) {
    this.canvasParent = canvas;
    this.modeler.attachTo(canvas);
    this.modeler.get<PropertiesPanel>('propertiesPanel').attachTo(panel);
    this.fitIfPending();
  }

  detach() {
    this.modeler.detach();
    this.modeler.get<PropertiesPanel>('propertiesPanel').detach();
    this.canvasParent = undefined;
  }

  destroy() { this.modeler.destroy(); }

  /** Fits the diagram to the canvas now, or once it is attached and shown (a hidden canvas has no size to fit). */
  private fitWhenShown() {
    const parent = this.canvasParent;
    this.pendingFit = !parent || parent.clientWidth === 0 || parent.clientHeight === 0;
    if (!this.pendingFit) this.modeler.get<{ zoom(v: string): void }>('canvas').zoom('fit-viewport');
  }

  /** call when the canvas may have got a size (attached, shown, resized) */
  fitIfPending() { if (this.pendingFit) this.fitWhenShown(); }

  /** Imports XML (prefixes that clash with the model's renamed first); returns the import warnings and
   * the renamed prefixes, or throws with the parse error. `dirty`: counts as unsaved until saved. */
  async load(xml: string, { dirty = false } = {}) {
    const normal = normalizeNamespaces(xml, knownPrefixes(this.modeler.get('moddle')));
    const { warnings } = await this.modeler.importXML(normal.xml);
    this.savedIdx = dirty ? NEVER_SAVED : -1;
    this.fitWhenShown();
    this.report();
    return { warnings, renamed: normal.renamed };
  }

  xml = async () => (await this.modeler.saveXML({ format: true })).xml ?? '';

  /** What keeps `xml` from being this diagram: not well-formed, not BPMN, unresolved references, no diagram
   * to show — each with its line where the parser names one. Empty: it can be applied. */
  validateXml = async (xml: string): Promise<XmlProblem[]> => {
    const moddle = this.modeler.get<Moddle>('moddle');
    const problem = (message: string) => {
      const line = /line: (\d+)/.exec(message);
      return { message: message.split('\n')[0], line: line ? Number(line[1]) + 1 : undefined }; // the parser counts from 0
    };
    try {
      const { rootElement, warnings } = await moddle.fromXML(normalizeNamespaces(xml, knownPrefixes(moddle)).xml, 'bpmn:Definitions');
      const found = warnings.map((w) => problem(w.message));
      if (!rootElement.diagrams?.length) found.push({ message: 'there is no diagram (bpmndi:BPMNDiagram) to show', line: undefined });
      return found;
    } catch (err) {
      return [problem((err as Error).message)];
    }
  };

  /** Makes `xml` the diagram (it counts as unsaved); if it cannot be shown, the diagram stays as it was. */
  replaceXml = async (xml: string) => {
    const before = await this.xml();
    const wasDirty = this.state().dirty;
    try {
      await this.load(xml, { dirty: true });
    } catch (err) {
      await this.load(before, { dirty: wasDirty });
      throw err;
    }
  };
  /** where the command stack is now: pass it to markSaved once the XML taken here is written */
  savePoint = () => this.modeler.get<CommandStack>('commandStack')._stackIdx;
  markSaved = (point: number = this.savePoint()) => {
    this.savedIdx = point;
    this.report();
  };
  undo = () => this.modeler.get<CommandStack>('commandStack').undo();
  redo = () => this.modeler.get<CommandStack>('commandStack').redo();
  definitions = () => this.modeler.getDefinitions();
  selectElement = (id: string) => {
    const element = this.modeler.get<{ get(id: string): unknown }>('elementRegistry').get(id);
    if (!element) return;
    this.modeler.get<{ select(e: unknown): void }>('selection').select(element);
    const canvas = this.modeler.get<{ scrollToElement(e: unknown): void; focus(): void }>('canvas');
    canvas.scrollToElement(element);
    canvas.focus(); // keyboard shortcuts (Delete, Ctrl+C …) act on the element picked from a list
  };

  /** the element templates that fit an element (the newest version of each) */
  templatesFor = (element: unknown) => this.modeler.get<ElementTemplates>('elementTemplates').getLatest(element);
  applyTemplate = (element: unknown, template: ElementTemplate) => {
    this.modeler.get<ElementTemplates>('elementTemplates').applyTemplate(element, template);
  };
}
