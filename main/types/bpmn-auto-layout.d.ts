declare module 'bpmn-auto-layout' {
  /** Lays out the first process of a BPMN document: returns the XML with diagram interchange added. */
  export function layoutProcess(xml: string): Promise<string>;
}
