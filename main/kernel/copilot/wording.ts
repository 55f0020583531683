/**
 * What the model adds to a plan the words already built: the process's name, an e-mail's subject,
 * the instruction an AI step gives, a Slack message — and, from a capable model, the steps' names.
 * It is asked for a short JSON list (one text per numbered line) and each text is checked against
 * the plan before it is used: plain words of a sensible length, made of the description's own words
 * (so nothing of the prompt's example, nor anything else the model makes up, gets in), sharing a
 * word with the step it is for, and for the process's name keeping what the process is about.
 */
import type { ChatMessage } from '../../../common/ai-providers';
import { plainText, tasksOf, type Plan, type TaskStep } from './plan';
import { topicFor } from './reading/topic-words';
import { contentWords, sameWord } from './reading/words';

/** The example in the prompt: it shows the answer's form, and the test that drafts every bench
 * description fails if any of it reaches a draft whose description does not say it. */
export const PROMPT_EXAMPLE = {
  description: 'When a booking is cancelled, refund the deposit and email the guest.',
  lines: ['a short name for the process', 'the subject of the email in step "Email the guest"'],
  answer: { name: 'Booking cancellation', texts: ['Your booking is cancelled'] },
};

export type SlotKind = 'name' | 'subject' | 'prompt' | 'message' | 'step';
export interface Slot { kind: SlotKind; step?: TaskStep; ask: string; words: string }
export interface Wording { slots: Slot[]; accepted: number; rejected: string[] }

/** Words a subject or a message may use beyond the description's own. */
const GENERAL = new Set(['your', 'you', 'our', 'we', 'please', 'new', 'here', 'has', 'have', 'been', 'was', 'were', 'for', 'about', 'update',
  'summary', 'notice', 'alert', 'reminder', 'request', 'process', 'details', 'information', 'regarding', 'received', 'thank', 'thanks',
  'today', 'now', 'ready', 'done', 'report', 'confirmation', 'question', 'write', 'give', 'short', 'list', 'answer', 'what', 'how',
  'which', 'this', 'that', 'will', 'can', 'need', 'needs', 'next', 'status', 'check', 'following', 'text', 'message', 'reply', 'email']);

const AI_INPUT: Record<string, string> = { text_generation: 'prompt', ai_query: 'user_query', ai_completion: 'prompt' };

/** The texts a plan leaves to the model (capable: also every step's name). */
export function slotsFor(plan: Plan, capable: boolean): Slot[] {
  const slots: Slot[] = [{ kind: 'name', ask: 'a short name for the process (2 to 4 words)', words: plan.name }];
  for (const step of tasksOf(plan)) {
    if (capable) slots.push({ kind: 'step', step, ask: `a short name for step "${step.name}" (3 to 7 words)`, words: step.words });
    if (step.topic === 'email_send') slots.push({ kind: 'subject', step, ask: `the subject of the email in step "${step.name}"`, words: step.words });
    if (AI_INPUT[step.topic]) slots.push({ kind: 'prompt', step, ask: `the instruction for the AI in step "${step.name}"`, words: step.words });
    if (step.topic === 'slack_post' && !step.inputs.text) slots.push({ kind: 'message', step, ask: `the Slack message in step "${step.name}"`, words: step.words });
  }
  return slots;
}

export function wordingMessages(description: string, slots: Slot[]): ChatMessage[] {
  const ex = PROMPT_EXAMPLE;
  const lines = (list: string[]) => list.map((l, i) => `${i + 1}. ${l}`).join('\n');
  return [
    { role: 'system', content: 'You write short texts for the steps of a business process, using the words of its description. Answer with JSON only: {"name": "…", "texts": ["…"]} — "name" for line 1, then one text in "texts" for each further line, in order.' },
    { role: 'user', content: `Description: ${ex.description}\nWrite:\n${lines(ex.lines)}` },
    { role: 'assistant', content: JSON.stringify(ex.answer) },
    { role: 'user', content: `Description: ${description.trim()}\nWrite:\n${lines(slots.map((s) => s.ask))}` },
  ];
}

export function wordingSchema(slots: Slot[]): Record<string, unknown> {
  const n = slots.length - 1;
  return {
    type: 'object',
    // short strings: fewer tokens to wait for, and nothing longer would pass the checks anyway
    properties: { name: { type: 'string', maxLength: 40 }, texts: { type: 'array', items: { type: 'string', maxLength: 90 }, minItems: n, maxItems: n } },
    required: ['name', 'texts'],
  };
}

const words = (text: string) => contentWords(text).filter((w) => w.length > 2);
const EXAMPLE_TEXTS = new Set([PROMPT_EXAMPLE.answer.name, ...PROMPT_EXAMPLE.answer.texts].map((t) => t.toLowerCase()));
const within = (word: string, list: string[]) => list.some((w) => sameWord(word, w));

/** Why a text may not be used, or undefined when it may. */
export function refusal(text: string, slot: Slot, description: string): string | undefined {
  const t = plainText(text, 200);
  const max = slot.kind === 'prompt' || slot.kind === 'message' ? 160 : slot.kind === 'subject' ? 80 : 60;
  if (t.length < 3 || t.length > max) return `${t.length} characters`;
  if (/[{}[\]<>|\\]|https?:|@/.test(t)) return 'not plain words';
  if (EXAMPLE_TEXTS.has(t.toLowerCase())) return "the prompt's example";
  const said = [...words(description), ...words(slot.words)];
  const foreign = words(t).filter((w) => !within(w, said) && !GENERAL.has(w));
  if (foreign.length) return `words the description does not say: ${foreign.slice(0, 3).join(', ')}`;
  const own = words(slot.words);
  if (!words(t).some((w) => within(w, own))) return `no word of "${slot.words.slice(0, 40)}"`;
  if (slot.kind === 'name') {
    const head = own.at(-1);
    if (t.split(/\s+/).length > 6) return 'too many words for a name';
    if (head && !within(head, words(t))) return `it drops "${head}"`;
  }
  if (slot.kind === 'step' && slot.step) {
    const topic = topicFor(t, undefined, t).topic;
    if (topic !== slot.step.topic && topic !== 'user') return `its words point at ${topic}, the step is ${slot.step.topic}`;
  }
  return undefined;
}

/** Puts the accepted texts into the plan (a copy is the caller's business). */
export function applyWording(plan: Plan, slots: Slot[], answer: unknown, description: string): Wording {
  const a = (answer && typeof answer === 'object' ? answer : {}) as { name?: unknown; texts?: unknown };
  const texts = [a.name, ...(Array.isArray(a.texts) ? a.texts : [])];
  let accepted = 0;
  const rejected: string[] = [];
  slots.forEach((slot, i) => {
    const raw = texts[i];
    if (typeof raw !== 'string' || !raw.trim()) { rejected.push(`${slot.ask}: no answer`); return; }
    const why = refusal(raw, slot, description);
    if (why) { rejected.push(`${slot.ask}: "${plainText(raw, 60)}" (${why})`); return; }
    const text = plainText(raw, 160);
    accepted++;
    if (slot.kind === 'name') plan.name = text;
    else if (slot.kind === 'step') slot.step!.name = text;
    else if (slot.kind === 'subject') slot.step!.inputs.email_subject = { text };
    else if (slot.kind === 'prompt') slot.step!.inputs[AI_INPUT[slot.step!.topic]] = { text };
    else if (slot.kind === 'message') slot.step!.inputs.text = { text };
  });
  return { slots, accepted, rejected };
}
