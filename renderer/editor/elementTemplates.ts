/**
 * Camunda Modeler element templates (Camunda 7 format) for every ProcOS topic, generated from the
 * topic definitions in common/topics.ts (the one source the workers use too). Choosing one on a
 * service task makes it an external task on that topic and offers the topic's inputs as input
 * parameters, each with its description; what the topic sets when it completes is listed in the
 * template's description.
 */
import { TOPICS, type TopicDefinition, type TopicVariable } from '../../common/topics';

/** The subset of the element-template schema ProcOS writes. */
export interface ElementTemplate {
  $schema: string;
  id: string;
  name: string;
  version: number;
  description: string;
  appliesTo: string[];
  elementType: { value: string };
  groups: { id: string; label: string }[];
  properties: TemplateProperty[];
}
interface TemplateProperty {
  label?: string;
  description?: string;
  type: 'String' | 'Text' | 'Hidden';
  value?: string;
  editable?: boolean;
  group?: string;
  binding: { type: 'property' | 'camunda:inputParameter'; name: string };
  constraints?: { notEmpty?: boolean };
}

const SCHEMA = 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json';
export const TEMPLATE_ID_PREFIX = 'procos.topic.';

/**
 * By default an input takes the process variable of the same name, or null when there is none
 * (`${name}` alone would fail the task when the variable is missing); the user may type a value
 * or another expression instead.
 */
export const processVariable = (name: string) => `\${execution.getVariable('${name}')}`;

const typeHint: Record<NonNullable<TopicVariable['type']>, string> = {
  string: '', number: ' (a number)', boolean: ' (true or false)', json: ' (JSON)',
};

function inputProperty(input: TopicVariable): TemplateProperty {
  const long = input.type === 'json' || /body|prompt|code|query/.test(input.name);
  return {
    label: input.name,
    description: `${input.description}${typeHint[input.type ?? 'string']}${input.required ? ' — required' : ''}. Default: the process variable ${input.name}.`,
    type: long ? 'Text' : 'String',
    value: processVariable(input.name),
    group: 'inputs',
    binding: { type: 'camunda:inputParameter', name: input.name },
    ...(input.required ? { constraints: { notEmpty: true } } : {}),
  };
}

const titleOf = (topic: TopicDefinition) => topic.title ?? topic.name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export function topicTemplate(topic: TopicDefinition): ElementTemplate {
  const outputs = topic.outputs.map((o) => `${o.name} (${o.description})`).join(', ');
  return {
    $schema: SCHEMA,
    id: `${TEMPLATE_ID_PREFIX}${topic.name}`,
    name: titleOf(topic),
    version: 1,
    description: `${topic.description[0].toUpperCase()}${topic.description.slice(1)}. Topic ${topic.name}.${outputs ? ` Sets: ${outputs}.` : ''}`,
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [{ id: 'inputs', label: 'Topic inputs' }],
    properties: [
      { type: 'Hidden', value: 'external', binding: { type: 'property', name: 'camunda:type' } },
      { type: 'Hidden', value: topic.name, binding: { type: 'property', name: 'camunda:topic' } },
      ...topic.inputs.map(inputProperty),
    ],
  };
}

/** One template per topic a person may model with (system topics are left out). */
export function topicTemplates(topics: readonly TopicDefinition[] = TOPICS): ElementTemplate[] {
  return topics.filter((t) => !t.internal).map(topicTemplate);
}
