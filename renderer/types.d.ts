/** Modules that ship no type declarations. */
declare module 'bpmnlint/rules/*' { const rule: unknown; export default rule }
declare module 'bpmn-js-bpmnlint' { const module: unknown; export default module }
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: unknown;
  export const BpmnPropertiesProviderModule: unknown;
  export const CamundaPlatformPropertiesProviderModule: unknown;
}
declare module 'bpmn-js-element-templates' { export const ElementTemplatesPropertiesProviderModule: unknown }
declare module '*.css';
declare module 'bpmnlint' {
  export class Linter {
    constructor(options: { config: unknown; resolver: unknown });
    lint(definitions: unknown): Promise<Record<string, { id?: string; message: string; category: string }[]>>;
  }
}
