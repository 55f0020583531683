/**
 * The topics ProcOS's workers serve, as data: the one source for the worker kinds and their handlers
 * (workers/handler.ts types each kind's handlers against it: a topic without a handler, or a handler
 * without a topic, does not compile), the handlers' messages about missing input, and the copilot's
 * catalogue (main/kernel/copilot/).
 * A topic's inputs are task variables (input parameters of the service task, or process variables);
 * its outputs are the variables it sets when it completes.
 */

/** The worker kinds ProcOS runs, one process each: the one list (kernel pool, worker entry, CLI). */
export const WORKER_KINDS = ['system', 'generic', 'ai'] as const;
export type WorkerKindName = (typeof WORKER_KINDS)[number];

export interface TopicVariable {
  name: string;
  /** what it is, in words a person (and a small model) understands */
  description: string;
  /** a task without it fails at once (incident) */
  required?: boolean;
  type?: 'string' | 'number' | 'boolean' | 'json';
  /** what a literal value must look like to work (a drafted "HR" is no recipient address) */
  format?: 'email' | 'url';
  /** a drafted task that leaves it empty gets the step's own words ("Tell HR by email") */
  fromStepName?: boolean;
}

/** The formats a literal value may be held to: what fits, and what it is called. */
export const FORMATS: Record<NonNullable<TopicVariable['format']>, { fits(value: string): boolean; words: string }> = {
  email: { fits: (v) => v.split(',').every((a) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.trim())), words: 'an email address' },
  url: { fits: (v) => /^https?:\/\/[^\s]+$/.test(v.trim()), words: 'an http(s) URL' },
};

/** Whether a literal value has the input's format (inputs without one take any text). */
export const fitsFormat = (input: TopicVariable, value: string) => !input.format || FORMATS[input.format].fits(value);

export interface TopicDefinition {
  name: string;
  /** what people pick it by in the Modeler ("Send email"); the element template's name */
  title?: string;
  /** the worker kind that serves it */
  kind: WorkerKindName;
  /** one line: what the task does */
  description: string;
  /** phrases in a description that point at this topic (the copilot's keyword pre-pass) */
  phrases: readonly string[];
  inputs: readonly TopicVariable[];
  outputs: readonly TopicVariable[];
  /** a system topic: not offered to people drafting processes */
  internal?: boolean;
}

const AI_OUTPUTS = [
  { name: 'ai_response', description: 'the answer of the model' },
  { name: 'model_used', description: 'the model that answered' },
  { name: 'provider', description: 'ollama or openai' },
] as const satisfies readonly TopicVariable[];
const AI_OPTIONS = [
  { name: 'model', description: "the model to use (default: the topic's default model in the AI settings, else the configured one)" },
  { name: 'max_tokens', description: 'the longest answer, in tokens (256)', type: 'number' },
] as const satisfies readonly TopicVariable[];

/** `as const`: each topic's name and kind are types too (TopicName); read it as TOPICS. */
const CATALOGUE = [
  {
    name: 'system_health_check', title: 'Health check', kind: 'system', internal: true,
    description: 'checks the health of the ProcOS components and adapters',
    phrases: ['health check'],
    inputs: [],
    outputs: [{ name: 'health_status', description: 'ready, starting, degraded or failed' }],
  },
  {
    name: 'http_request', title: 'HTTP request', kind: 'generic',
    description: 'calls a URL over HTTP: fetch a web page, call a web service or REST API',
    phrases: ['web page', 'webpage', 'website', 'fetch', 'download', 'http', 'url', 'rest api', 'web service', 'api call', 'call the api'],
    inputs: [
      { name: 'url', description: 'the http or https address', required: true, format: 'url' },
      { name: 'method', description: 'GET, POST, PUT, PATCH or DELETE (GET)' },
      { name: 'body', description: 'the request body' },
    ],
    outputs: [
      { name: 'http_status', description: 'the status code', type: 'number' },
      { name: 'http_body', description: 'the response body' },
      { name: 'http_ok', description: 'true for a 2xx status', type: 'boolean' },
    ],
  },
  {
    name: 'input_validation', title: 'Validate input', kind: 'generic',
    description: 'checks input data against rules; violations raise the BPMN error VALIDATION_FAILED',
    phrases: ['validate', 'validation', 'check the input', 'check the data', 'verify the data', 'required fields'],
    inputs: [
      { name: 'required_fields', description: 'names that must be present, comma-separated' },
      { name: 'field_types', description: 'field → type (string, number, email, url, date …) as JSON', type: 'json' },
    ],
    outputs: [{ name: 'validation_passed', description: 'true when every rule holds', type: 'boolean' }],
  },
  {
    name: 'email_send', title: 'Send email', kind: 'generic',
    description: 'sends an email over the configured SMTP server',
    phrases: ['email', 'e-mail', 'mail', 'notify by mail'],
    inputs: [
      { name: 'email_to', description: 'the recipient address', required: true, format: 'email' },
      { name: 'email_subject', description: 'the subject line', fromStepName: true },
      { name: 'email_body', description: 'the text of the message' },
    ],
    outputs: [{ name: 'email_message_id', description: 'the id the mail server gave the message' }],
  },
  {
    name: 'slack_post', title: 'Post to Slack', kind: 'generic',
    description: 'posts a message to a Slack channel (bot token with chat.postMessage, else the incoming webhook)',
    phrases: ['slack', 'post to slack', 'post on slack', 'slack channel'],
    inputs: [
      { name: 'channel', description: 'the channel: #name or its id (a webhook posts to its own channel)', required: true },
      { name: 'text', description: 'the message', required: true, fromStepName: true },
    ],
    outputs: [
      { name: 'slack_channel', description: 'the channel id Slack posted to' },
      { name: 'slack_ts', description: "the message's timestamp (its id in the channel)" },
    ],
  },
  {
    name: 'ai_query', title: 'Ask AI', kind: 'ai',
    description: 'asks the local AI model a question',
    phrases: ['ask the ai', 'ask ai', 'ai model', 'llm', 'ask the model', 'answer the question'],
    inputs: [{ name: 'user_query', description: 'the question to ask (a non-empty string)', required: true, fromStepName: true }, ...AI_OPTIONS],
    outputs: AI_OUTPUTS,
  },
  {
    name: 'text_generation', title: 'Generate text', kind: 'ai',
    description: 'writes a text with the AI model: a summary, a reply, a draft',
    phrases: ['summarize', 'summarise', 'summary', 'write a text', 'draft a reply', 'generate text', 'write a reply', 'translate'],
    inputs: [
      { name: 'prompt', description: 'what to write (a non-empty string; user_query is also accepted)', required: true, fromStepName: true },
      { name: 'style', description: 'the style of the text' }, ...AI_OPTIONS,
    ],
    outputs: [...AI_OUTPUTS, { name: 'generated_text', description: 'the text' }],
  },
  {
    name: 'code_analysis', title: 'Analyse code', kind: 'ai',
    description: 'reviews source code with the AI model',
    phrases: ['code review', 'review the code', 'analyse the code', 'analyze the code', 'source code'],
    inputs: [
      { name: 'code', description: 'the source code to analyse (a non-empty string)', required: true, fromStepName: true },
      { name: 'language', description: 'the programming language' }, ...AI_OPTIONS,
    ],
    outputs: [...AI_OUTPUTS, { name: 'analysis', description: 'the review' }],
  },
  {
    name: 'provider_selection', title: 'Choose AI provider', kind: 'ai',
    description: 'chooses the AI provider (local or remote) for a query',
    phrases: ['choose the ai provider', 'select the provider'],
    inputs: [{ name: 'user_query', description: 'the query to choose for' }, { name: 'complexity_score', description: '0..1', type: 'number' }],
    outputs: [{ name: 'selected_provider', description: 'ollama or openai' }],
  },
  {
    name: 'ai_completion', title: 'AI completion', kind: 'ai',
    description: 'completes a chat or a prompt with the AI model',
    phrases: ['complete the chat', 'chat completion'],
    inputs: [{ name: 'prompt', description: 'the text to complete (or messages: a list of chat messages)', required: true, fromStepName: true }, ...AI_OPTIONS],
    outputs: [...AI_OUTPUTS, { name: 'completion', description: 'the completion' }],
  },
] as const satisfies readonly TopicDefinition[];

export const TOPICS: readonly TopicDefinition[] = CATALOGUE;

/** The names of the topics a kind serves (of every kind without one). */
export type TopicName<K extends WorkerKindName = WorkerKindName> = Extract<(typeof CATALOGUE)[number], { kind: K }>['name'];

export const topicNames = (kind?: WorkerKindName): string[] => TOPICS.filter((t) => !kind || t.kind === kind).map((t) => t.name);

/** The AI topics that call a model (they take the `model` input): each may have its own default
 * model (setting `ai.topicModels`). */
export const modelTopicNames = () =>
  TOPICS.filter((t) => t.kind === 'ai' && t.inputs.some((i) => i.name === 'model')).map((t) => t.name);

export function topic(name: string): TopicDefinition | undefined {
  return TOPICS.find((t) => t.name === name);
}

/** What a required input is, as the handlers say it when it is missing. */
export function inputDescription(topicName: string, input: string): string {
  return topic(topicName)?.inputs.find((i) => i.name === input)?.description ?? input;
}
