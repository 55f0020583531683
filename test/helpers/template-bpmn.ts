/**
 * A process with one service task built from a ProcOS element template, written as Camunda Modeler
 * writes a task after "Template › Select": the template's property bindings as attributes, its input
 * parameters with their default values (`${execution.getVariable('url')}`), `camunda:modelerTemplate`.
 * And what fixes such a task when an input is missing: a working value for every required input.
 */
import type { ElementTemplate } from '../../renderer/editor/elementTemplates';
import { topic, type TopicVariable } from '../../common/topics';
import { serviceTaskProcess } from '../e2e/bpmn';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function templateTaskProcess(key: string, template: ElementTemplate, taskName = template.name): string {
  const topicName = template.properties.find((p) => p.binding.name === 'camunda:topic')!.value!;
  const inputs = template.properties.filter((p) => p.binding.type === 'camunda:inputParameter')
    .map((p) => `<camunda:inputParameter name="${esc(p.binding.name)}">${esc(p.value ?? '')}</camunda:inputParameter>`).join('');
  // the one-task process of the e2e tests (task `call`), as the template leaves the task
  return serviceTaskProcess(key, topicName, `${template.name} from its template`)
    .replace('name="Call service"', `name="${esc(taskName)}" camunda:modelerTemplate="${esc(template.id)}" camunda:modelerTemplateVersion="${template.version}"`)
    .replace('<bpmn:incoming>f1</bpmn:incoming>', `<bpmn:extensionElements><camunda:inputOutput>${inputs}</camunda:inputOutput></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming>`);
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
    if (topicName === 'slack_post' && input.name === 'channel') return '#general'; // a channel of test/helpers/slack-server.ts
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
