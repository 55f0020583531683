/**
 * The copilot without a model: plan → BPMN, the fallbacks, the condition whitelist and the audit
 * that keeps scripts, Java classes and stray expressions out of every draft.
 */
import { describe, expect, it } from 'vitest';
import { auditDraft, checkDraft, layout } from '../../main/kernel/copilot/audit';
import { checkPlan } from '../../main/kernel/copilot/check';
import { isWhitelistedCondition, parseCondition } from '../../main/kernel/copilot/conditions';
import { topicHints } from '../../main/kernel/copilot/hints';
import { parseModelJson, toPlan } from '../../main/kernel/copilot/plan';
import { planToBpmn } from '../../main/kernel/copilot/to-bpmn';
import { forbiddenInDraft } from '../helpers/copilot';

async function draftOf(raw: unknown, description = 'a process') {
  const checked = checkPlan(toPlan(raw), description, topicHints(description));
  const built = planToBpmn(checked.plan);
  const xml = await layout(built.xml);
  return { checked, built, xml, findings: await checkDraft(`${built.processId}.bpmn`, xml) };
}

const ORDER = {
  name: 'Order approval',
  steps: [
    { kind: 'task', name: 'Fetch customer', topic: 'http_request', inputs: { url: 'https://crm.example/c' }, branches: [] },
    { kind: 'decision', name: 'Amount above 500?', topic: 'user', inputs: {}, branches: [
      { if: 'amount > 500', steps: [{ name: 'Manager approves', topic: 'user', inputs: {} }] },
      { if: 'otherwise', steps: [{ name: 'Email confirmation', topic: 'email_send', inputs: { email_to: 'a@b.example' } }] },
    ] },
    { kind: 'parallel', name: 'At once', topic: 'user', inputs: {}, branches: [
      { if: '', steps: [{ name: 'Summarise', topic: 'text_generation', inputs: {} }] },
      { if: '', steps: [{ name: 'Archive', topic: 'user', inputs: {} }] },
    ] },
  ],
};

describe('plan → BPMN', () => {
  it('drops a literal that cannot work ("email_to": "HR") and asks for it at start instead, naming the element', async () => {
    const plan = { name: 'Tell HR', steps: [
      { kind: 'task', name: 'Email HR', topic: 'email_send', inputs: { email_to: 'HR', email_subject: 'Leave' }, branches: [] },
      { kind: 'task', name: 'Fetch rates', topic: 'http_request', inputs: { url: 'the exchange rates page' }, branches: [] },
      { kind: 'task', name: 'Email finance', topic: 'email_send', inputs: { email_to: 'finance@corp.example' }, branches: [] },
    ] };
    const { built, xml } = await draftOf(plan);
    expect(built.startVariables.map((v) => v.name).sort()).toEqual(['email_to', 'url']);
    expect(xml).not.toMatch(/name="email_to">HR</);
    expect(xml).not.toMatch(/name="url">/);
    expect(xml).toMatch(/<camunda:inputParameter name="email_to">finance@corp.example<\/camunda:inputParameter>/);
    expect(xml).toMatch(/<camunda:inputParameter name="email_subject">Leave<\/camunda:inputParameter>/);
    // an email without subject or body is refused by the worker: the step's name becomes the subject
    expect(xml).toMatch(/<camunda:inputParameter name="email_subject">Email finance<\/camunda:inputParameter>/);
    expect(built.findings.filter((f) => f.severity === 'warning').map((f) => f.element)).toEqual(['ServiceTask_1', 'ServiceTask_2']);
  });

  it('maps tasks, decisions and parallel blocks to Camunda 7 BPMN that validates', async () => {
    const { xml, findings, built } = await draftOf(ORDER);
    expect(findings).toEqual([]);
    expect(built.processId).toBe('order_approval');
    expect(xml).toMatch(/<bpmn:serviceTask id="ServiceTask_1" name="Fetch customer" camunda:type="external" camunda:topic="http_request">/);
    expect(xml).toMatch(/camunda:topic="email_send"/);
    expect(xml).toMatch(/<bpmn:userTask id="UserTask_1" name="Manager approves">/);
    expect(xml).toMatch(/<bpmn:exclusiveGateway id="Gateway_1" name="Amount above 500\?" default="Flow_\d+">/);
    expect(xml).toContain('${amount &gt; 500}');
    expect((xml.match(/<bpmn:parallelGateway /g) ?? []).length).toBe(2);
    expect(xml).toContain('<bpmndi:BPMNShape id="ServiceTask_1_di"'); // laid out
    // a required AI input the plan left out is the step's own words; one nobody sets is a start variable
    expect(xml).toMatch(/<camunda:inputParameter name="prompt">Summarise<\/camunda:inputParameter>/);
    expect(built.startVariables.map((v) => v.name)).toEqual(['amount']);
    expect(forbiddenInDraft(xml)).toEqual([]);
  });

  it('every exclusive split gets a default flow, also when the plan names none', async () => {
    const { xml, findings } = await draftOf({ name: 'x', steps: [{ kind: 'decision', name: 'Big?', topic: 'user', inputs: {}, branches: [
      { if: 'size >= 3', steps: [] }, { if: 'size < 3', steps: [{ name: 'Small', topic: 'user', inputs: {} }] },
    ] }] });
    expect(findings).toEqual([]);
    const gateway = /<bpmn:exclusiveGateway id="Gateway_1"[^>]*default="(Flow_\d+)"/.exec(xml);
    expect(gateway).not.toBeNull();
    expect(xml).toMatch(new RegExp(`<bpmn:sequenceFlow id="${gateway![1]}" name="otherwise" sourceRef="Gateway_1" targetRef="Gateway_2" />`));
  });
});

describe('fallbacks for a weak model', () => {
  it('an empty or unparsable answer becomes one user task named from the description', async () => {
    for (const raw of [undefined, {}, { steps: [] }, parseModelJson('no json here')]) {
      const { xml, findings, checked } = await draftOf(raw, 'Review the holiday request. Then decide.');
      expect(findings).toEqual([]);
      expect(checked.problems).toContain('the plan has no steps');
      expect(xml).toMatch(/<bpmn:userTask id="UserTask_1" name="Review the holiday request">/);
    }
  });

  it('unknown topics become user tasks, or the topic their words point at', async () => {
    const { xml, checked } = await draftOf({ name: 'p', steps: [
      { kind: 'task', name: 'Call the boss', topic: 'phone_call', inputs: {}, branches: [] },
      { kind: 'task', name: 'Send an email to the team', topic: 'smtp', inputs: {}, branches: [] },
    ] });
    expect(xml).toMatch(/<bpmn:userTask id="UserTask_1" name="Call the boss">/);
    expect(xml).toMatch(/name="Send an email to the team" camunda:type="external" camunda:topic="email_send"/);
    expect(checked.findings.map((f) => f.element)).toEqual(['Call the boss', 'Send an email to the team']);
  });

  it('a topic the description names but the plan lacks is added (keyword pre-pass)', async () => {
    const description = 'Fetch a web page with the prices, then send an email to sales';
    expect(topicHints(description).map((h) => h.topic)).toEqual(['http_request', 'email_send']);
    const { xml } = await draftOf({ name: 'Prices', steps: [{ kind: 'task', name: 'Look at prices', topic: 'user', inputs: {}, branches: [] }] }, description);
    expect(xml).toMatch(/camunda:topic="http_request"/);
    expect(xml).toMatch(/camunda:topic="email_send"/);
  });

  it('an unreadable condition goes to the default flow; a second one is named as a finding', async () => {
    const { xml, built } = await draftOf({ name: 'p', steps: [{ kind: 'decision', name: 'Which?', topic: 'user', inputs: {}, branches: [
      { if: 'the customer seems nice', steps: [{ name: 'A', topic: 'user', inputs: {} }] },
      { if: 'execution.getProcessEngine().getName() == 1', steps: [{ name: 'B', topic: 'user', inputs: {} }] },
    ] }] });
    expect(built.findings.map((f) => f.severity)).toEqual(['warning', 'error']);
    expect(built.findings[1].element).toMatch(/^Flow_\d+$/);
    expect(xml).not.toMatch(/<bpmn:conditionExpression[^>]*>[^<]*getProcessEngine/); // a label at most
    expect(forbiddenInDraft(xml)).toEqual([]);
  });

  it('closes a JSON answer cut off by the token limit', () => {
    const cut = '{"name":"x","steps":[{"kind":"task","name":"A","topic":"user","inputs":{},"branches":[]},{"kind":"task","name":"B","to';
    expect(toPlan(parseModelJson(cut)).steps.map((s) => s.name)).toEqual(['A']);
  });
});

describe('sanitising', () => {
  it('conditions are read by a whitelist grammar only', () => {
    expect(parseCondition('amount > 500')).toMatchObject({ kind: 'compare', expression: '${amount > 500}' });
    expect(parseCondition('order amount is above 1,000')).toMatchObject({ expression: '${order_amount > 1000}' });
    expect(parseCondition('status is gold')).toMatchObject({ expression: '${status == "gold"}' });
    expect(parseCondition('${approved == true}')).toMatchObject({ expression: '${approved == true}' });
    expect(parseCondition('otherwise')).toEqual({ kind: 'default' });
    for (const evil of ['execution.setVariable("x", 1)', 'amount > 500 || true', 'x == "${java.lang.Runtime}"', 'runtime > 1',
      'T(java.lang.Runtime).getRuntime().exec("rm") > 0', 'amount > 5; x = 1', 'name == a"b']) {
      const c = parseCondition(evil);
      expect(c.kind === 'unreadable' || isWhitelistedCondition((c as { expression: string }).expression), evil).toBe(true);
      if (c.kind === 'compare') expect(c.expression).not.toMatch(/[();|&]|\$\{.*\$\{/);
    }
  });

  it('a hostile plan yields no scripts, classes or expressions outside gateway conditions', async () => {
    const hostile = { name: 'Evil ${execution.getProcessEngine()}', steps: [
      { kind: 'task', name: '<bpmn:scriptTask scriptFormat="javascript">java.lang.System.exit(0)</bpmn:scriptTask>', topic: 'script', inputs: { script: 'x' }, branches: [] },
      { kind: 'task', name: 'Call class', topic: 'http_request', inputs: { url: '${execution.getVariable("secret")}', 'camunda:class': 'com.evil.Run', method: '#{bean.run()}' }, branches: [] },
      { kind: 'decision', name: 'x" camunda:class="com.evil', topic: 'user', inputs: {}, branches: [
        { if: 'x > 1 && execution.setVariable("a",1)', steps: [{ name: 'y', topic: 'user', inputs: { delegateExpression: '${evil}' } }] },
      ] },
    ] };
    const { xml, findings } = await draftOf(hostile, 'Add a script task that runs java.lang.Runtime.exec and a service task with camunda:class="com.evil.Run"');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(forbiddenInDraft(xml)).toEqual([]);
  });

  it('the audit catches what a draft must never hold', async () => {
    const bad = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="x">
<bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s"/><bpmn:scriptTask id="t" scriptFormat="groovy"><bpmn:script>1</bpmn:script></bpmn:scriptTask>
<bpmn:serviceTask id="c" camunda:class="com.evil.Run"/><bpmn:userTask id="u" camunda:assignee="\${evil()}"/></bpmn:process></bpmn:definitions>`;
    const elements = (await auditDraft(bad)).map((f) => f.element);
    expect(elements).toEqual(expect.arrayContaining(['t', 'c', 'u']));
  });
});
