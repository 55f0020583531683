/**
 * Owns one bpmn-js Modeler with the properties panel, Camunda 7 extensions and bpmnlint, and tracks
 * what the toolbar needs: dirty (command stack moved since the last save), can undo/redo, process key.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule } from 'bpmn-js-properties-panel';
import lintModule from 'bpmn-js-bpmnlint';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './lint.css';
import { lintConfig } from './lintConfig';
import { problemsFrom, type Problem } from './ProblemsPanel';
import { knownPrefixes, normalizeNamespaces } from './namespaces';
import { diagramColors } from './theme';

interface CommandStack { canUndo(): boolean; canRedo(): boolean; undo(): void; redo(): void; _stackIdx: number }
export interface EditorState { dirty: boolean; canUndo: boolean; canRedo: boolean; processKey?: string; processName?: string }

export function useModeler(canvasRef: RefObject<HTMLDivElement | null>, panelRef: RefObject<HTMLDivElement | null>) {
  const modelerRef = useRef<Modeler>(undefined);
  const savedIdx = useRef(-1);
  const [state, setState] = useState<EditorState>({ dirty: false, canUndo: false, canRedo: false });
  const [problems, setProblems] = useState<Problem[]>([]);

  const update = useCallback(() => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    const stack = modeler.get<CommandStack>('commandStack');
    const process = modeler.getDefinitions()?.rootElements?.find((e: { $type: string }) => e.$type === 'bpmn:Process');
    setState({
      dirty: stack._stackIdx !== savedIdx.current,
      canUndo: stack.canUndo(), canRedo: stack.canRedo(),
      processKey: process?.id, processName: process?.name,
    });
  }, []);

  useEffect(() => {
    const modeler = new Modeler({
      container: canvasRef.current!,
      propertiesPanel: { parent: panelRef.current! },
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule, lintModule],
      moddleExtensions: { camunda: camundaModdle },
      linting: { bpmnlint: lintConfig, active: true },
      bpmnRenderer: diagramColors(),
    } as ConstructorParameters<typeof Modeler>[0]);
    modelerRef.current = modeler;
    modeler.on('commandStack.changed', update);
    modeler.on('import.done', update);
    modeler.on('linting.completed', (e: { issues: Parameters<typeof problemsFrom>[0] }) => {
      const registry = modeler.get<{ get(id: string): { businessObject?: { name?: string } } | undefined }>('elementRegistry');
      setProblems(problemsFrom(e.issues, (id) => registry.get(id)?.businessObject?.name));
    });
    return () => modeler.destroy();
  }, [canvasRef, panelRef, update]);

  /** Fits the diagram to the canvas now, or once the canvas is shown (a hidden one has no size to fit). */
  const pendingFit = useRef(false);
  const fitWhenShown = useCallback(() => {
    const container = canvasRef.current;
    pendingFit.current = !container || container.clientWidth === 0 || container.clientHeight === 0;
    if (!pendingFit.current) modelerRef.current!.get<{ zoom(v: string): void }>('canvas').zoom('fit-viewport');
  }, [canvasRef]);
  useEffect(() => {
    const container = canvasRef.current;
    if (!container) return;
    const observer = new ResizeObserver(() => { if (pendingFit.current) fitWhenShown(); });
    observer.observe(container);
    return () => observer.disconnect();
  }, [canvasRef, fitWhenShown]);

  /** Imports XML (prefixes that clash with the model's renamed first); returns the import warnings and
   * the renamed prefixes, or throws with the parse error. */
  const load = useCallback(async (xml: string) => {
    const modeler = modelerRef.current!;
    const normal = normalizeNamespaces(xml, knownPrefixes(modeler.get('moddle')));
    const { warnings } = await modeler.importXML(normal.xml);
    savedIdx.current = -1;
    fitWhenShown();
    update();
    return { warnings, renamed: normal.renamed };
  }, [update, fitWhenShown]);

  const xml = useCallback(async () => (await modelerRef.current!.saveXML({ format: true })).xml ?? '', []);
  /** where the command stack is now: pass it to markSaved once the XML taken here is written */
  const savePoint = useCallback(() => modelerRef.current!.get<CommandStack>('commandStack')._stackIdx, []);
  const markSaved = useCallback((point: number = savePoint()) => {
    savedIdx.current = point;
    update();
  }, [savePoint, update]);
  const undo = useCallback(() => modelerRef.current?.get<CommandStack>('commandStack').undo(), []);
  const redo = useCallback(() => modelerRef.current?.get<CommandStack>('commandStack').redo(), []);
  const definitions = useCallback(() => modelerRef.current!.getDefinitions(), []);
  const selectElement = useCallback((id: string) => {
    const modeler = modelerRef.current!;
    const element = modeler.get<{ get(id: string): unknown }>('elementRegistry').get(id);
    if (!element) return;
    modeler.get<{ select(e: unknown): void }>('selection').select(element);
    modeler.get<{ scrollToElement(e: unknown): void }>('canvas').scrollToElement(element);
  }, []);

  return { state, problems, load, xml, savePoint, markSaved, undo, redo, definitions, selectElement };
}
