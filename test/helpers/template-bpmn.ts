/**
 * A process with one service task built from a ProcOS element template, written as Camunda Modeler
 * writes a task after "Template › Select": the template's property bindings as attributes, its input
 * parameters with their default values (`${execution.getVariable('url')}`), `camunda:modelerTemplate`.
 * And what fixes such a task when an input is missing: a working value for every required input.
 */
import type { ElementTemplate } from '../../renderer/editor/elementTemplates';
import { topic, type TopicVariable } from '../../common/topics';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function templateTaskProcess(key: string, template: ElementTemplate, taskName = template.name): string {
  const attributes = template.properties.filter((p) => p.binding.type === 'property')
    .map((p) => ` ${p.binding.name}="${esc(p.value ?? '')}"`).join('');
  const inputs = template.properties.filter((p) => p.binding.type === 'camunda:inputParameter')
    .map((p) => `<camunda:inputParameter name="${esc(p.binding.name)}">${esc(p.value ?? '')}</camunda:inputParameter>`).join('\n          ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="Definitions_${key}" targetNamespace="http://procos.test">
  <bpmn:process id="${key}" name="${esc(template.name)} from its template" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="start" name="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="task" name="${esc(taskName)}"${attributes} camunda:modelerTemplate="${esc(template.id)}" camunda:modelerTemplateVersion="${template.version}">
      <bpmn:extensionElements>
        <camunda:inputOutput>
          ${inputs}
        </camunda:inputOutput>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end" name="Done"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="${key}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="task_di" bpmnElement="task"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

/** What the test's own servers offer a fix: an HTTP server's URL (and an SMTP server configured in settings). */
export interface FixServers { httpUrl: string }

/**
 * The values a person types to fix a task of `topicName` started without its inputs: every required
 * input (and one a step's name would fill) gets a working value (a URL of the test's HTTP server, an address, a short question); an AI
 * topic also gets a small `max_tokens`, so the real model answers quickly on a busy machine.
 */
export function fixValues(topicName: string, servers: FixServers): Record<string, string | number> {
  const t = topic(topicName);
  if (!t) throw new Error(`no topic ${topicName} in common/topics.ts`);
  const value = (input: TopicVariable): string => {
    if (input.format === 'url') return `${servers.httpUrl}/fixed-${topicName}`;
    if (input.format === 'email') return 'customer@example.com';
    if (input.type === 'number' || input.type === 'boolean' || input.type === 'json') {
      throw new Error(`no fix value known for the ${input.type} input ${input.name} of ${topicName}: add one to test/helpers/template-bpmn.ts`);
    }
    return 'Say hi in two words.';
  };
  // the required inputs, and those a step's own words would fill (an email's subject: one without subject
  // and body is refused too)
  const fix: Record<string, string | number> = Object.fromEntries(t.inputs.filter((i) => i.required || i.fromStepName).map((i) => [i.name, value(i)]));
  if (t.inputs.some((i) => i.name === 'max_tokens')) fix.max_tokens = 8;
  return fix;
}
