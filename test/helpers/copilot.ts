/**
 * What a copilot draft must never hold, checked on the XML text itself (independent of the
 * copilot's own audit): script tasks or scripts, Java classes or delegate/expression attributes,
 * and `${…}`/`#{…}` anywhere except a gateway condition of the shape `${variable op value}`, an
 * input parameter that is one variable `${name}`, and a loop collection `${name.elements()}`.
 */
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
