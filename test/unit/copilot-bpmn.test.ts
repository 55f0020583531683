/**
 * The copilot without a model: a plan → BPMN that validates (timers, waits, loops, people's forms,
 * variables read by inputs), the checks on what the model may word, the step-by-step explanation,
 * the condition whitelist and the audit that keeps scripts, Java classes and stray expressions out.
 */
import { describe, expect, it } from 'vitest';
import { auditDraft, checkDraft, layout } from '../../main/kernel/copilot/audit';
import { isTimerExpression, isWhitelistedCondition, parseCondition } from '../../main/kernel/copilot/conditions';
import { parseModelJson } from '../../main/kernel/copilot/model';
import { outlineOf, readProcesses } from '../../main/kernel/copilot/outline';
import { readDescription } from '../../main/kernel/copilot/reading/read';
import { planToBpmn } from '../../main/kernel/copilot/to-bpmn';
import { applyWording, PROMPT_EXAMPLE, refusal, slotsFor } from '../../main/kernel/copilot/wording';
import { topicTemplates } from '../../renderer/editor/elementTemplates';
import { topicNames } from '../../common/topics';
import { forbiddenInDraft } from '../helpers/copilot';

async function draftOf(description: string) {
  const plan = readDescription(description);
  const built = planToBpmn(plan);
  const xml = await layout(built.xml);
  return { plan, built, xml, findings: await checkDraft(`${built.processId}.bpmn`, xml) };
}

describe('plan → BPMN', () => {
  it('a schedule is a timer start event, a wait a timer or message catch event, and the draft validates', async () => {
    const { xml, findings } = await draftOf('Every Monday at 9, email the weekly plan to the team, wait 2 days, then wait for the feedback from the team.');
    expect(findings).toEqual([]);
    expect(xml).toMatch(/<bpmn:startEvent id="StartEvent_1" name="Every Monday \(09:00\)">[\s\S]*?<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">0 0 9 \? \* MON<\/bpmn:timeCycle>/);
    expect(xml).toMatch(/<bpmn:intermediateCatchEvent id="Event_1" name="Wait 2 days">[\s\S]*?<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P2D<\/bpmn:timeDuration>/);
    expect(xml).toMatch(/<bpmn:messageEventDefinition id="Event_2_message" messageRef="Message_feedback" \/>/);
    expect(xml).toMatch(/<bpmn:message id="Message_feedback" name="feedback" \/>/);
    expect(forbiddenInDraft(xml)).toEqual([]);
  });

  it("a person's step has a form (camunda:formData, the field required) and the decision after it reads the field", async () => {
    const { xml, findings, built } = await draftOf('The head of sales approves the discount. If it is approved, send the offer by email; otherwise email the customer a refusal.');
    expect(findings).toEqual([]);
    expect(xml).toMatch(/<bpmn:userTask id="UserTask_1" name="Head of sales approves the discount">\s*<bpmn:extensionElements>\s*<camunda:formData>\s*<camunda:formField id="approved" label="Approved\?" type="boolean">\s*<camunda:validation>\s*<camunda:constraint name="required" \/>/);
    expect(xml).toContain('${approved == true}');
    expect(built.startVariables.map((v) => v.name)).not.toContain('approved');
  });

  it('"for each" is a multi-instance loop over a JSON list given at start; inputs read variables as ${name}', async () => {
    const { xml, findings, built } = await draftOf('For each supplier, call the rating API and email the buyer.');
    expect(findings).toEqual([]);
    expect(xml).toMatch(/<bpmn:multiInstanceLoopCharacteristics camunda:collection="\$\{suppliers\.elements\(\)\}" camunda:elementVariable="supplier" \/>/);
    expect(xml).toMatch(/<camunda:inputParameter name="url">\$\{rating_url\}<\/camunda:inputParameter>/);
    expect(xml).toMatch(/<camunda:inputParameter name="email_to">\$\{buyer_email\}<\/camunda:inputParameter>/);
    expect(built.startVariables.map((v) => [v.name, v.type, v.format])).toEqual([['suppliers', 'json', undefined], ['rating_url', 'string', 'url'], ['buyer_email', 'string', 'email']]);
    expect(forbiddenInDraft(xml)).toEqual([]);
  });

  it('decisions and parallel blocks nest, every exclusive split has a default flow', async () => {
    const { xml, findings } = await draftOf('Check the shop over HTTP. If the status is not 200, post an alert on Slack and email the admin at the same time.');
    expect(findings).toEqual([]);
    expect((xml.match(/<bpmn:parallelGateway /g) ?? []).length).toBe(2);
    const gateway = /<bpmn:exclusiveGateway id="(Gateway_\d+)"[^>]*default="(Flow_\d+)"/.exec(xml);
    expect(gateway).not.toBeNull();
    expect(xml).toMatch(new RegExp(`<bpmn:sequenceFlow id="${gateway![2]}" name="otherwise" sourceRef="${gateway![1]}"`));
    expect(xml).toContain('${http_status != 200}');
  });

  it('a condition without a comparison becomes the default flow and is named as a finding', async () => {
    const { built, xml } = await draftOf('If the weather seems nice, the guide books a boat.');
    // the otherwise branch stays the default; the branch whose words are no comparison waits for one
    expect(built.findings.map((f) => f.severity)).toEqual(['error']);
    expect(built.findings[0].message).toMatch(/could not be read .* is never taken until you give it a condition/);
    expect(forbiddenInDraft(xml)).toEqual([]);
  });
});

describe('wording from the model, checked against the plan', () => {
  const description = 'When an invoice arrives, validate it, ask the AI to summarise it, and email the summary to accounting';
  const slots = () => slotsFor(readDescription(description), false);

  it('asks a small model for the name, the e-mail subject and the AI instruction only', () => {
    expect(slots().map((s) => s.kind)).toEqual(['name', 'prompt', 'subject']);
    expect(slotsFor(readDescription(description), true).map((s) => s.kind)).toEqual(['name', 'step', 'step', 'prompt', 'step', 'subject']);
  });

  it("takes texts made of the description's words and refuses the prompt's example, made-up words and a name that drops the subject", () => {
    const [name, prompt, subject] = slots();
    expect(refusal('Invoice summary', name, description)).toBeUndefined();
    expect(refusal(PROMPT_EXAMPLE.answer.name, name, description)).toMatch(/example/);
    expect(refusal('Order approval', name, description)).toMatch(/does not say: order, approval/);
    expect(refusal('Accounting summary', name, description)).toMatch(/no word of "Invoice"/);
    expect(refusal('Summarise the invoice for accounting', prompt, description)).toBeUndefined();
    expect(refusal('{"x": 1}', subject, description)).toMatch(/plain words/);
    expect(refusal('Manager approves', subject, description)).toMatch(/does not say/);
  });

  it('puts what passes into the plan and says why the rest did not', () => {
    const plan = readDescription(description);
    const wording = applyWording(plan, slotsFor(plan, false), { name: 'Invoice summary', texts: ['Fetch customer record', 'Invoice summary for accounting'] }, description);
    expect(wording.accepted).toBe(2);
    expect(wording.rejected).toEqual([expect.stringMatching(/"Fetch customer record" \(words the description does not say: fetch, customer, record\)/)]);
    expect(plan.name).toBe('Invoice summary');
    const email = plan.steps.find((s) => s.kind === 'task' && s.topic === 'email_send');
    expect(email).toMatchObject({ inputs: { email_subject: { text: 'Invoice summary for accounting' } } });
  });

  it('closes a JSON answer cut off by the token limit', () => {
    expect(parseModelJson('{"name":"x","texts":["a","b"],"more":{"y":')).toEqual({ name: 'x', texts: ['a', 'b'] });
    expect(parseModelJson('no json here')).toBeUndefined();
  });
});

describe('explain: the diagram step by step', () => {
  it('names every step, wait and decision in the order of the flows, with who or what does it', async () => {
    const { xml } = await draftOf('Every hour, fetch the orders from the shop API. If the total is above 100, the manager approves it; otherwise post a note on Slack. Wait for the invoice, then email the customer.');
    const outline = outlineOf(await readProcesses(xml));
    const names = [...xml.matchAll(/<bpmn:(?:serviceTask|userTask|intermediateCatchEvent|exclusiveGateway) id="[^"]+" name="([^"]+)"/g)].map((m) => m[1].replace(/&gt;/g, '>'));
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) expect(outline).toContain(`"${name}"`);
    expect(outline.split('\n')[0]).toMatch(/^It starts on the schedule R\/PT1H/);
    expect(outline).toMatch(/Decision "Total is above 100\?": if total > 100 → "Manager approves the orders"; otherwise → "Post a note on Slack"/);
    expect(outline).toMatch(/"Manager approves the orders": a person does it and answers Approved\?/);
    expect(outline).toMatch(/the http_request worker calls a URL over HTTP/);
    expect(outline.split('\n').at(-1)).toMatch(/^It ends: "Done"/);
  });

  it('refuses what is no BPMN with a readable message', async () => {
    await expect(readProcesses('<nope/>')).rejects.toThrow(/not BPMN that can be read|contains no process/);
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

  it('timers are durations, repeating intervals or cron expressions, nothing else', () => {
    for (const ok of ['P2D', 'PT3H', 'R/PT1H', 'R/P1M', '0 0 18 L * ?', '0 0 9 ? * MON', '0 30 8 ? * MON-FRI']) expect(isTimerExpression(ok), ok).toBe(true);
    for (const bad of ['${x}', 'P', 'every hour', '0 0 9 ? * MON; rm', '#{bean.when()}']) expect(isTimerExpression(bad), bad).toBe(false);
  });

  it('the audit catches what a draft must never hold', async () => {
    const bad = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="x">
<bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s"/><bpmn:scriptTask id="t" scriptFormat="groovy"><bpmn:script>1</bpmn:script></bpmn:scriptTask>
<bpmn:serviceTask id="c" camunda:class="com.evil.Run"/><bpmn:userTask id="u" camunda:assignee="\${evil()}"/>
<bpmn:serviceTask id="i" camunda:type="external" camunda:topic="http_request"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="url">\${execution.getVariable("x")}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask>
<bpmn:userTask id="m"><bpmn:multiInstanceLoopCharacteristics camunda:collection="\${bean.list()}"/></bpmn:userTask>
<bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition id="td"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">\${later}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
</bpmn:process></bpmn:definitions>`;
    const elements = (await auditDraft(bad)).map((f) => f.element);
    expect(elements).toEqual(expect.arrayContaining(['t', 'c', 'u', 'm', 'td']));
    expect((await auditDraft(bad)).some((f) => /input parameter .* holds an expression/.test(f.message))).toBe(true);
  });
});

describe('slack_post', () => {
  it('is served by the generic worker and has its element template (channel, text)', () => {
    expect(topicNames('generic')).toContain('slack_post');
    const template = topicTemplates().find((t) => t.id === 'procos.topic.slack_post')!;
    expect(template.name).toBe('Post to Slack');
    expect(template.properties.filter((p) => p.binding.type === 'camunda:inputParameter').map((p) => p.binding.name)).toEqual(['channel', 'text']);
  });
});
