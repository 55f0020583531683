/**
 * Processes with a person's step, one per form kind, each with a diagram (the task view shows it):
 *   generated     "Review order": camunda:formData (long with min/max, boolean, enum, date, string with maxlength)
 *   camunda-form  "Check invoice": camunda:formRef to a Camunda Form deployed beside it (reviewForm)
 *   none          "Decide": no form; the gateway after it reads `approved` (a yes/no) and `amount` (a number)
 *   free          "Decide": no form, and nothing after it reads a variable (a parallel split to both ends)
 * Each ends at "Approved" when `approved` is true, else at "Rejected" (free: at both).
 */
export type FormKind = 'generated' | 'camunda-form' | 'none' | 'free';

const GENERATED = `<bpmn:extensionElements><camunda:formData>
        <camunda:formField id="amount" label="Amount" type="long"><camunda:validation><camunda:constraint name="required" /><camunda:constraint name="min" config="1" /><camunda:constraint name="max" config="1000" /></camunda:validation></camunda:formField>
        <camunda:formField id="approved" label="Approved" type="boolean" />
        <camunda:formField id="priority" label="Priority" type="enum" defaultValue="normal"><camunda:value id="low" name="Low" /><camunda:value id="normal" name="Normal" /><camunda:value id="high" name="High" /></camunda:formField>
        <camunda:formField id="deliverBy" label="Deliver by" type="date" />
        <camunda:formField id="note" label="Note" type="string"><camunda:validation><camunda:constraint name="maxlength" config="20" /></camunda:validation></camunda:formField>
      </camunda:formData></bpmn:extensionElements>`;

const STEP: Record<FormKind, string> = { generated: 'Review order', 'camunda-form': 'Check invoice', none: 'Decide', free: 'Decide' };

export function userTaskProcess(key: string, kind: FormKind, formId = `${key}_form`): string {
  const attrs = kind === 'camunda-form' ? ` camunda:formRef="${formId}" camunda:formRefBinding="latest"` : '';
  const body = kind === 'generated' ? GENERATED : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="Definitions_${key}" targetNamespace="http://procos.test">
  <bpmn:process id="${key}" name="${STEP[kind]} (${kind})" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="start" name="Start" />
    <bpmn:userTask id="step" name="${STEP[kind]}"${attrs}>${body}</bpmn:userTask>
    ${kind === 'free' ? '<bpmn:parallelGateway id="decision" name="Both" />' : '<bpmn:exclusiveGateway id="decision" name="Approved?" default="no" />'}
    <bpmn:endEvent id="approvedEnd" name="Approved" />
    <bpmn:endEvent id="rejectedEnd" name="Rejected" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="step" />
    <bpmn:sequenceFlow id="f2" sourceRef="step" targetRef="decision" />
    <bpmn:sequenceFlow id="yes" name="yes" sourceRef="decision" targetRef="approvedEnd">${kind === 'free' ? '' : `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${approved${kind === 'none' ? ' &amp;&amp; amount &lt; 5000' : ''}}</bpmn:conditionExpression>`}</bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="no" name="no" sourceRef="decision" targetRef="rejectedEnd" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="${key}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="step_di" bpmnElement="step"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="decision_di" bpmnElement="decision" isMarkerVisible="true"><dc:Bounds x="395" y="95" width="50" height="50" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="approvedEnd_di" bpmnElement="approvedEnd"><dc:Bounds x="502" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="rejectedEnd_di" bpmnElement="rejectedEnd"><dc:Bounds x="502" y="212" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="395" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="yes_di" bpmnElement="yes"><di:waypoint x="445" y="120" /><di:waypoint x="502" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="no_di" bpmnElement="no"><di:waypoint x="420" y="145" /><di:waypoint x="420" y="230" /><di:waypoint x="502" y="230" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

/** The Camunda Form "Check invoice" uses: a required text, a number with bounds, a yes/no. */
export function reviewForm(formId: string): string {
  return JSON.stringify({
    type: 'default', id: formId, schemaVersion: 16, exporter: { name: 'ProcOS tests', version: '1' },
    components: [
      { type: 'text', id: 'intro', text: '# Check the invoice' },
      { type: 'textfield', id: 'f_invoice', key: 'invoiceNumber', label: 'Invoice number', validate: { required: true, maxLength: 12 } },
      { type: 'number', id: 'f_amount', key: 'amount', label: 'Amount', validate: { min: 1, max: 1000 } },
      { type: 'checkbox', id: 'f_approved', key: 'approved', label: 'Approved' },
    ],
  }, null, 2);
}

/** The deploy input for one process of a kind (with its form for camunda-form). */
export function userTaskFiles(key: string, kind: FormKind): { name: string; xml: string }[] {
  const files = [{ name: `${key}.bpmn`, xml: userTaskProcess(key, kind) }];
  if (kind === 'camunda-form') files.push({ name: `${key}_form.form`, xml: reviewForm(`${key}_form`) });
  return files;
}
