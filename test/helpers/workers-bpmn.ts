/** Small executable BPMN documents for the workers' tests and benchmark. */

export interface ChainOptions {
  /** error code of a boundary error event on the first task; the error path ends at `Rejected` */
  errorCode?: string;
  /** input parameters (string values) for each task, by topic index */
  inputs?: Record<number, Record<string, string>>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** start → external tasks on `topics`, in order → end `Done` (plus an optional error path). */
export function chainProcess(key: string, topics: string[], options: ChainOptions = {}): string {
  const tasks = topics.map((topic, i) => {
    const params = Object.entries(options.inputs?.[i] ?? {})
      .map(([n, v]) => `<camunda:inputParameter name="${esc(n)}">${esc(v)}</camunda:inputParameter>`).join('');
    const ext = params ? `<bpmn:extensionElements><camunda:inputOutput>${params}</camunda:inputOutput></bpmn:extensionElements>` : '';
    return `<bpmn:serviceTask id="task${i}" name="${esc(topic)}" camunda:type="external" camunda:topic="${esc(topic)}">${ext}</bpmn:serviceTask>`;
  });
  const ids = ['start', ...topics.map((_, i) => `task${i}`), 'done'];
  const flows = ids.slice(1).map((to, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${ids[i]}" targetRef="${to}"/>`);
  const errorPath = options.errorCode ? `
    <bpmn:boundaryEvent id="onError" attachedToRef="task0"><bpmn:errorEventDefinition errorRef="err" camunda:errorMessageVariable="error_message"/></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="fe" sourceRef="onError" targetRef="rejected"/>
    <bpmn:endEvent id="rejected" name="Rejected"/>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_${key}" targetNamespace="http://procos.local/test">
  ${options.errorCode ? `<bpmn:error id="err" name="${esc(options.errorCode)}" errorCode="${esc(options.errorCode)}"/>` : ''}
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    ${tasks.join('\n    ')}
    <bpmn:endEvent id="done" name="Done"/>
    ${flows.join('\n    ')}${errorPath}
  </bpmn:process>
</bpmn:definitions>`;
}
