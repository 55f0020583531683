// bpmn-moddle ships types under bpmn-moddle/types, which bundler resolution does not pick up.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: any; warnings: { message: string; element?: any }[] }>;
  }
}
