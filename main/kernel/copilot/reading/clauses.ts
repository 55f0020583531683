/**
 * A description cut into sentences and each sentence into clauses, each with how it joins the one
 * before: in sequence ("then", ";", "and"), as the other branch ("otherwise", "else", "if not"), or
 * at the same time ("while", "and at the same time", "… at the same time" at its end). A comma or
 * "and" cuts only where a new clause starts (a verb, or someone and a verb): "validate the tax number
 * and address" stays one clause, "review it and sign it" becomes two.
 */
import { ACTION_VERBS, isRole, NOT_VERBS, verbBase } from './words';

export type Joint = 'first' | 'seq' | 'else' | 'par';
export interface Clause { text: string; joint: Joint }

const MARK = '\u0001';
const JOINTS: Joint[] = ['first', 'seq', 'else', 'par'];
/** a cut, coded so that no later pattern reads it as a word */
const mark = (joint: Joint) => `${MARK}${JOINTS.indexOf(joint)}${MARK}`;

/** Sentences, without their closing punctuation. */
export function sentences(text: string): string[] {
  return text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+(?=[A-Z0-9#"'(])/).map((s) => s.trim().replace(/[.!?]+$/, '').trim()).filter(Boolean);
}

const PASSIVE_TAIL = /^(by|through|via|to|automatically|over|with|using|from|on|in the|into)\b/i;

/** Does a clause start at the beginning of `text`? (an order, someone doing something, a passive step, a condition) */
export function startsClause(text: string): boolean {
  const t = text.trim().replace(/^(then|and|finally|next|also|afterwards)\s+/i, '');
  const words = t.split(/\s+/);
  const first = words[0]?.toLowerCase().replace(/[^a-z-]/g, '') ?? '';
  if (/^(if|for each|for every|wait)\b/i.test(t)) return true;
  // an order: a verb in its base form that takes something ("email the summary", "summarise it")
  if (ACTION_VERBS.has(first) && words.length > 1) return true;
  // an order with a verb the reading does not know: "enrich it with …", "score the lead"
  if (/^[a-z]+$/.test(words[0] ?? '') && !NOT_VERBS.has(first) && /^(?:it|them|the|a|an|their|our|his|her|this|that|these|those|its|all|each|every)$/i.test(words[1] ?? '')) return true;
  // the same someone going on: "reviews it and signs it"
  const base = verbBase(first);
  if (base && base !== first && /s$/.test(first) && words.length > 1 && /^(?:it|them|the|a|an|to|him|her|one|this|that|their|his)$/i.test(words[1])) return true;
  // someone (or something) doing it: "the manager approves", "a supervisor must approve", "the system validates"
  for (let n = 1; n <= 4 && n < words.length; n++) {
    const subject = words.slice(0, n).join(' ');
    if (/[,;]/.test(subject)) break;
    let v = n;
    if (/^(must|should|will|can|may|then|also|now)$/i.test(words[v] ?? '')) v++;
    const verb = words[v]?.toLowerCase().replace(/[^a-z]/g, '') ?? '';
    const base = verbBase(verb);
    const agrees = v > n ? base === verb : base !== undefined && base !== verb && /s$/.test(verb);
    const someone = isRole(subject) || /^(the|a|an|our|their)\s/i.test(subject) || /^[A-Z]{2,}$/.test(subject);
    if (someone && base && agrees) return true;
    // someone who works doing what the reading has no word for: "the quality manager blocks the batch"
    if (isRole(subject) && v === n && /^[a-z]+s$/.test(words[v] ?? '') && !/^(?:is|was|has|does|this|its|as|us|his)$/.test(words[v])
      && /^(?:it|them|the|a|an|their|our|his|her|this|that|these|those|its|all|each|every|one)$/i.test(words[v + 1] ?? '')) return true;
    // passive: "the payment is sent through …", "HR is told by email"
    if (someone && /^(is|are)$/i.test(words[n]) && verbBase(words[n + 1] ?? '') && PASSIVE_TAIL.test(words.slice(n + 2).join(' '))) return true;
  }
  return false;
}

/** The clauses of one sentence. */
export function clauses(sentence: string): Clause[] {
  let s = ` ${sentence} `;
  s = s.replace(/[;,]?\s*\b(?:if not|if it is not|if they do not|if not so)\s*,/gi, mark('else'));
  s = s.replace(/[;,]?\s*\b(?:otherwise|else|or else)\b\s*,?/gi, mark('else'));
  s = s.replace(/[;,]?\s*\b(?:and at the same time|and in parallel|and meanwhile|while at the same time|whilst|while|meanwhile|at the same time as)\b\s*,?/gi, mark('par'));
  s = s.replace(/^\s*(?:at the same time|in parallel)\s*,/i, mark('par'));
  s = s.replace(/,?\s*\b(?:and then|and after that|after that|and finally|finally|afterwards|and next)\b\s*,?/gi, mark('seq'));
  s = s.replace(/,?\s*\bthen\b\s*,?/gi, mark('seq'));
  s = s.replace(/;/g, mark('seq'));
  s = s.replace(/\s*(?:,\s*and|,|\band)\s+if\b/gi, `${mark('seq')}if`);
  // "and" and commas cut only where a new clause starts
  s = s.replace(/(,\s*and\b|,|\band\b)/gi, (m, _g, offset: number, whole: string) => (startsClause(whole.slice(offset + m.length).split(MARK)[0]) ? mark('seq') : m));
  const parts = s.split(MARK);
  const out: Clause[] = [];
  let joint: Joint = 'first';
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 1) { joint = JOINTS[Number(parts[i])]; continue; }
    const text = parts[i].trim().replace(/^[,;:\s]+|[,;:\s]+$/g, '');
    if (!text) continue;
    out.push({ text, joint }); // the first keeps a joint it opens with ("Otherwise, …" goes with the sentence before)
    joint = 'seq';
  }
  // "… and email the admin at the same time": the clause and the one before run at the same time
  return out.map((c) => {
    const trailing = /\s*,?\s*\b(?:at the same time|in parallel|simultaneously)$/i;
    return trailing.test(c.text) && c.joint !== 'first' ? { text: c.text.replace(trailing, ''), joint: 'par' } : c;
  });
}
