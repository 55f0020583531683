/**
 * What the model is told: the plan's shape, the ProcOS topics (from common/topics.ts) with their
 * inputs, one small example, the keyword hints for this description, and — in a repair round — the
 * problems of its last plan. Short on purpose: the default model is small and runs on a CPU.
 */
import type { ChatMessage } from '../../../common/ai-providers';
import { TOPICS } from '../../../common/topics';
import type { TopicHint } from './hints';
import { USER_TOPIC } from './plan';

const EXAMPLE = {
  name: 'Order approval',
  steps: [
    { kind: 'task', name: 'Fetch customer record', topic: 'http_request', inputs: { url: 'https://crm.example/customer' }, branches: [] },
    { kind: 'decision', name: 'Amount above 500?', topic: USER_TOPIC, inputs: {}, branches: [
      { if: 'amount > 500', steps: [{ name: 'Manager approves', topic: USER_TOPIC, inputs: {} }] },
      { if: 'otherwise', steps: [{ name: 'Email confirmation', topic: 'email_send', inputs: { email_subject: 'Order confirmed' } }] },
    ] },
  ],
};

export function systemPrompt(): string {
  const topics = TOPICS.filter((t) => !t.internal)
    .map((t) => `- ${t.name}: ${t.description} (inputs: ${t.inputs.map((i) => i.name).join(', ') || 'none'})`).join('\n');
  return `You turn a description of a business process into a JSON plan. Answer with JSON only.
Each step has "kind": "task" (one piece of work), "decision" (branches, each with "if": a condition like "amount > 500"; the last branch "if": "otherwise") or "parallel" (branches done at the same time).
Each task has a short "name", a "topic" and "inputs" (text values). Topics:
${topics}
- ${USER_TOPIC}: a person does it
Never add scripts, code, classes or expressions; conditions compare one variable with a value.
Example: ${JSON.stringify(EXAMPLE)}`;
}

export function userPrompt(description: string, hints: TopicHint[]): string {
  const lines = hints.map((h) => `"${h.phrase}" → topic ${h.topic}`);
  return `Description: ${description.trim()}${lines.length ? `\nHints: ${lines.join('; ')}` : ''}`;
}

/** The messages of a first attempt, or of a repair round that shows the model its plan and the problems. */
export function planMessages(description: string, hints: TopicHint[], repair?: { plan: string; problems: string[] }): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: systemPrompt() }, { role: 'user', content: userPrompt(description, hints) }];
  if (repair) {
    messages.push({ role: 'assistant', content: repair.plan });
    messages.push({ role: 'user', content: `That plan has problems:\n- ${repair.problems.slice(0, 8).join('\n- ')}\nAnswer with the corrected plan as JSON.` });
  }
  return messages;
}
