/**
 * What a copilot draft must never hold, checked on the XML text itself (independent of the
 * copilot's own audit): script tasks or scripts, Java classes or delegate/expression attributes,
 * and `${…}`/`#{…}` anywhere except a gateway condition of the shape `${variable op value}`, an
 * input parameter that is one variable `${name}`, and a loop collection `${name.elements()}`.
 */
import { PROMPT_EXAMPLE } from '../../main/kernel/copilot/wording';

/** the example plan of the copilot's earlier prompt, which the small model used to hand back word for word */
const OLD_EXAMPLE = ['Order approval', 'Fetch customer record', 'Amount above 500?', 'Manager approves', 'Email confirmation', 'Order confirmed'];
const EXAMPLE_NAMES = [PROMPT_EXAMPLE.answer.name, ...PROMPT_EXAMPLE.answer.texts, ...OLD_EXAMPLE];

/** Text of an XML attribute or element as a person reads it. */
export const xmlText = (s: string) => s.replace(/&apos;|&#39;/g, "'").replace(/&quot;|&#34;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');

/** The names of a draft's steps, waits and gateways. */
export const namedElements = (xml: string) => [...xml.matchAll(/<bpmn:(?:serviceTask|userTask|intermediateCatchEvent|exclusiveGateway|parallelGateway) id="[^"]+" name="([^"]+)"/g)].map((m) => xmlText(m[1]));

/** Names and texts in a draft that come from an example, not from its description. */
export function exampleEchoes(description: string, xml: string): string[] {
  const texts = [...xml.matchAll(/\sname="([^"]*)"|<camunda:inputParameter name="\w+">([^<]*)</g)].map((m) => xmlText(m[1] ?? m[2]));
  // an example name whose every word the description says is the description's own ("check the amount; above 500")
  const said = new Set(description.toLowerCase().split(/[^a-z0-9]+/));
  const sayable = (example: string) => example.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).every((w) => said.has(w));
  return EXAMPLE_NAMES.filter((example) => !sayable(example))
    .flatMap((example) => texts.filter((t) => t.toLowerCase().includes(example.toLowerCase())));
}

const CONDITION = /^\$\{[A-Za-z_][A-Za-z0-9_]* (>=|<=|!=|==|>|<) (-?\d+(\.\d+)?|true|false|"[^"$#{}()]*")\}$|^\$\{false\}$/;

export function forbiddenInDraft(xml: string): string[] {
  const found: string[] = [];
  if (/<[\w:]*script/i.test(xml)) found.push('a script task or script');
  for (const attr of ['class', 'delegateExpression', 'expression', 'resultVariable', 'assignee', 'candidateUsers', 'candidateGroups', 'formKey']) {
    if (new RegExp(`\\scamunda:${attr}\\s*=\\s*"`).test(xml)) found.push(`camunda:${attr}`);
  }
  const conditions = [...xml.matchAll(/<bpmn:conditionExpression[^>]*>([^<]*)<\/bpmn:conditionExpression>/g)];
  for (const [, body] of conditions) {
    const text = body.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    if (!CONDITION.test(text.trim())) found.push(`condition ${text}`);
  }
  const outside = xml.replace(/<bpmn:conditionExpression[^>]*>[^<]*<\/bpmn:conditionExpression>/g, '')
    .replace(/(<camunda:inputParameter name="\w+">)\$\{[A-Za-z_]\w*\}(<\/camunda:inputParameter>)/g, '$1$2')
    .replace(/ camunda:collection="\$\{[A-Za-z_]\w*\.elements\(\)\}"/g, '');
  if (/[$#]\{/.test(outside)) found.push(`an expression outside gateway conditions: ${/.{0,60}[$#]\{.{0,40}/.exec(outside)?.[0]}`);
  return found;
}
