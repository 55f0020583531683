/**
 * One clause → one step: who does it (someone named, or inherited from the clause before: "reviews it
 * and signs it"), what it does (the verb), which topic serves it (topic-words.ts) with the inputs its
 * words give, and a name made of the clause's own words ("Manager approves the leave request",
 * "Tell HR by email"). Also the clauses that are no step: a wait, "for each …", "when both are done",
 * "do nothing".
 */
import { topic as topicDef } from '../../../../common/topics';
import { USER_TOPIC, type FormField, type InputValue, type Loop, type TaskStep, type WaitStep } from '../plan';
import { findDuration } from './timers';
import { literalEmail, literalUrl, requiredFields, slackChannel, topicFor, urlVariable, withoutAi } from './topic-words';
import { bare, capitalise, DECISION_VERBS, guessBase, isRole, plural, singular, thirdPerson, variableFrom, verbBase } from './words';

export interface ReadContext {
  /** what "it" stands for ("the invoice") */
  subject?: string;
  /** who did the clause before (a clause without a subject inherits it) */
  actor?: string;
  /** the outputs of the AI steps so far, last one last: "email the summary" sends it */
  aiOutputs: string[];
  /** what the reading could not take in, said to the person as warnings */
  notes: string[];
}

export type ReadClause =
  | { kind: 'task'; step: TaskStep }
  | { kind: 'wait'; step: WaitStep }
  | { kind: 'loop'; loop: Loop; rest: string }
  | { kind: 'join' }
  | { kind: 'nothing' };

const CONNECTORS = /^(?:and|then|finally|next|also|afterwards|first|after that|so)\s+/i;
const MODAL = /^(?:must|should|will|can|may|has to|have to|needs to|need to)\s+/i;
const POST_VERBS = new Set(['create', 'publish', 'order', 'book', 'send', 'post', 'submit', 'register', 'upload', 'pay', 'update', 'refund', 'reserve', 'import']);
const APPROVAL_FIELD: FormField = { id: 'approved', label: 'Approved?', type: 'boolean' };
/** what an AI step wrote, when a later step sends it on */
const PRODUCT = /\b(?:summary|summaries|report|reply|translation|update|findings|review|text|ideas|answer|result|analysis|draft)\b/i;

/** "it"/"them" in a name → what the process is about, when known (and short enough to say). */
function resolvePronouns(name: string, subject?: string): string {
  if (!subject || subject.split(/\s+/).length > 3) return name;
  return name.replace(/\b(it|them)\b/g, (w, _p, offset: number) => (offset === 0 ? w : `the ${subject}`));
}

/** Words cut before "saying …", "so that …" and the like. */
const cutTail = (words: string) => words.replace(/\s+(?:saying|so that|because|in order to|before it|once it|as soon as|right away|immediately)\b.*$/i, '');

/** A name of at most ~70 characters. */
function shortName(words: string): string {
  let n = words.replace(/\s+/g, ' ').trim();
  if (n.length > 72) n = `${n.slice(0, 72).replace(/\s+\S*$/, '')}`;
  return capitalise(n.replace(/[,;:]+$/, ''));
}

interface Parsed { actor?: string; verb?: string; rest: string; passive?: boolean }

/** Subject, verb and the rest of a clause. */
function parse(clause: string, ctx: ReadContext): Parsed {
  const words = clause.split(/\s+/);
  // "let the team lead edit it", "have finance review it": someone, then a verb in its base form
  if (/^(?:let|have|get)$/i.test(words[0]) && !/^(?:the\s+)?(?:ai|model)\b/i.test(words.slice(1, 3).join(' '))) {
    for (let n = 2; n < Math.min(words.length, 5); n++) {
      const base = verbBase(words[n]);
      if (base && base === words[n].toLowerCase()) return { actor: bare(words.slice(1, n).join(' ')), verb: base, rest: words.slice(n + 1).join(' ') };
    }
    // a verb the reading does not know, after "the editor" or "finance"
    const at = /^(?:the|a|an|our|their)$/i.test(words[1] ?? '') ? 3 : 2;
    if (words[at]) return { actor: bare(words.slice(1, at).join(' ')), verb: words[at].toLowerCase(), rest: words.slice(at + 1).join(' ') };
  }
  const first = verbBase(words[0]);
  // an order: "send the customer an email"; or "signs it" after "the legal team reviews it"
  if (first) {
    const inherited = words[0].toLowerCase() !== first && /s$/i.test(words[0]) ? ctx.actor : undefined;
    return { actor: inherited, verb: first, rest: words.slice(1).join(' ') };
  }
  for (let n = 1; n <= 5 && n < words.length; n++) {
    const subject = words.slice(0, n).join(' ');
    if (!bare(subject)) continue;
    const tail = words.slice(n).join(' ');
    const passive = /^(?:is|are|gets|get)\s+(\w+)\b\s*(.*)$/i.exec(tail);
    if (passive && (verbBase(passive[1]) || /(?:ed|en)$/i.test(passive[1]))) return { verb: guessBase(passive[1]), rest: `${subject} ${passive[2]}`.trim(), passive: true };
    const afterModal = tail.replace(MODAL, '');
    const verbWord = afterModal.split(/\s+/)[0];
    const base = verbBase(verbWord);
    if (base && (afterModal !== tail || (verbWord.toLowerCase() !== base && /s$/i.test(verbWord)))) {
      return { actor: bare(subject), verb: base, rest: afterModal.split(/\s+/).slice(1).join(' ') };
    }
    // someone who works, doing what the reading has no word for: "the quality manager blocks the batch"
    const object = afterModal.split(/\s+/)[1] ?? '';
    if ((isRole(subject) || /^(?:the|a|an)\s+[a-z]+$/i.test(subject)) && afterModal === tail && /^[a-z]+s$/.test(verbWord) && !/^(?:is|was|has|does|this|its|as|us|his)$/.test(verbWord)
      && /^(?:it|them|the|a|an|their|our|his|her|this|that|these|those|its|all|each|every|one)$/i.test(object)) {
      return { actor: bare(subject), verb: guessBase(verbWord), rest: afterModal.split(/\s+/).slice(1).join(' ') };
    }
  }
  return { rest: clause };
}

function inputsFor(topic: string, words: string, parsed: Parsed, ctx: ReadContext): Record<string, InputValue> {
  const inputs: Record<string, InputValue> = {};
  const productOf = () => (PRODUCT.test(words) || /^(?:it|them)\b/i.test(parsed.rest)) && ctx.aiOutputs.length ? { variable: ctx.aiOutputs.at(-1)! } : undefined;
  if (topic === 'email_send') {
    const address = literalEmail(words);
    const recipient = address ? undefined
      : /\bto\s+((?:the\s+|our\s+|a\s+)?[\w'-]+(?:\s+[\w'-]+){0,2}?)(?=\s+(?:with|saying|that|about|by|at|when|if|on|in)\b|$)/i.exec(words)?.[1]
        ?? (parsed.passive ? parsed.rest.split(/\s+(?:by|through|via|with|about|that)\b/i)[0] : undefined)
        ?? /^(them|him|her)\b/i.exec(parsed.rest)?.[1]
        ?? /^((?:the\s+|our\s+)?[\w'-]+(?:\s+[\w'-]+)?)(?:\s+(?:(?:a|an|the)\s+\w|that\b|about\b)|\s*$)/i.exec(parsed.rest)?.[1];
    // "ask them why by email": them is who the process is about, when that is someone
    const someone = recipient && /^(?:them|him|her)\b/i.test(recipient.trim()) && ctx.subject && isRole(ctx.subject) ? ctx.subject : recipient;
    const who = someone && !/\b(?:email|e-mail|mail|summary|confirmation|it|them|him|her)\b/i.test(someone) ? variableFrom(someone) : '';
    inputs.email_to = address ? { text: address } : { variable: who ? `${who}_email` : 'email_to' };
    const body = productOf();
    if (body) inputs.email_body = body;
  } else if (topic === 'http_request') {
    const url = literalUrl(words);
    inputs.url = url ? { text: url } : { variable: urlVariable(words, parsed.rest) };
    if (parsed.verb && POST_VERBS.has(parsed.verb)) inputs.method = { text: 'POST' };
  } else if (topic === 'slack_post') {
    inputs.channel = slackChannel(words);
    const text = productOf();
    if (text) inputs.text = text;
  } else if (topic === 'input_validation') {
    const fields = requiredFields(words);
    if (fields.length) inputs.required_fields = { text: fields.join(',') };
  }
  return inputs;
}

/** The step a clause describes, or what else it is. */
export function readClause(text: string, ctx: ReadContext, each?: Loop): ReadClause {
  const clause = text.trim().replace(CONNECTORS, '').replace(/[.;,]+$/, '').trim();
  if (/^(?:do nothing|nothing(?: else)?(?: happens)?|stop|end|ignore it|skip it|leave it)$/i.test(clause)) return { kind: 'nothing' };
  if (/^(?:when|once|after|as soon as)\s+(?:both|all|they|these|those|everything|each)(?:\s+(?:of them|steps|tasks))?(?:\s+(?:are|is|have|has)(?:\s+been)?\s+(?:done|finished|complete|completed|ready|over))?$/i.test(clause)) return { kind: 'join' };
  const loop = /^for (?:each|every)\s+(?:new\s+|single\s+)?([a-z][\w-]*)\b[\s,]*(.*)$/i.exec(clause);
  if (loop) {
    const element = variableFrom(singular(loop[1]));
    const rest = loop[2].replace(/^(?:(?:that|which|who|below|above|in|on|of|with|from)\b[^,]*,\s*)/i, '').replace(/^(?:below|above|in|on|of|with|from)\b.*$/i, '');
    return { kind: 'loop', loop: { collection: variableFrom(plural(singular(loop[1]))), element }, rest };
  }
  const wait = /^wait\s+(?:for\s+|until\s+)?(.*)$/i.exec(clause);
  if (wait) {
    const duration = findDuration(wait[1]);
    if (duration) return { kind: 'wait', step: { kind: 'wait', name: shortName(`Wait ${duration.words}`), words: text, timer: duration.iso } };
    const what = bare(wait[1].replace(/\s+(?:from|by|of)\s+.*$/i, '')).replace(/^(?:a|an|the)\s+/i, '');
    const message = variableFrom(what) || 'message';
    return { kind: 'wait', step: { kind: 'wait', name: shortName(`Wait for the ${bare(wait[1]).replace(/'s\b/, "'s")}`), words: text, message } };
  }

  const words = withoutAi(clause);
  const parsed = parse(words, ctx);
  const byPerson = !!parsed.actor && isRole(parsed.actor) && !/^(?:system|application|app|tool)$/i.test(parsed.actor);
  const { topic } = topicFor(words, parsed.verb, clause, byPerson);
  const person = topic === USER_TOPIC;
  const actor = parsed.actor && (isRole(parsed.actor) || parsed.actor.split(/\s+/).length <= 3) ? parsed.actor : undefined;
  let name: string;
  if (parsed.passive && parsed.verb) name = `${capitalise(parsed.verb)} ${parsed.rest.replace(/^(The|A|An|This|Our)\b/, (w) => w.toLowerCase())}`;
  else if (actor && parsed.verb && !/^(?:system|application|app|tool|ai|model)$/i.test(actor.split(/\s+/).at(-1)!)) name = `${capitalise(actor)} ${thirdPerson(parsed.verb)} ${parsed.rest}`;
  else if (parsed.verb) name = `${capitalise(parsed.verb)} ${parsed.rest}`;
  else name = capitalise(words);
  name = shortName(resolvePronouns(cutTail(name.trim()), ctx.subject));
  const def = topicDef(topic);
  const inputs = inputsFor(topic, words, parsed, ctx);
  const form = person && parsed.verb && DECISION_VERBS.has(parsed.verb) ? [APPROVAL_FIELD] : [];
  const step: TaskStep = { kind: 'task', name, topic, inputs, actor: person ? actor ?? ctx.actor : undefined, each, form, words: text };
  if (def?.kind === 'ai') ctx.aiOutputs.push(def.outputs.find((o) => o.name !== 'ai_response' && o.name !== 'model_used' && o.name !== 'provider')?.name ?? 'ai_response');
  if (actor) ctx.actor = actor;
  return { kind: 'task', step };
}
