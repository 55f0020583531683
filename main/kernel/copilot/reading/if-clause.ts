/**
 * Conditions in words, read into the whitelist grammar of ../conditions.ts: "if the priority is above
 * 3" → priority > 3, "if the http status is not 200" → http_status != 200, "if the priority is high"
 * → priority == "high", "if it is urgent" → urgent == true, "if approved" → approved == true, "if they
 * reply" → replied == true, "if there are more than 10 errors" → error_count > 10, and the bare
 * "above 500" after "check the amount". What follows the condition in the same clause is the first
 * step of its branch ("if the priority is high call the engineer").
 */
import { startsClause } from './clauses';
import { bare, pastParticiple, singular, variableFrom, verbBase } from './words';

export type Operator = '>=' | '<=' | '!=' | '==' | '>' | '<';
export interface ReadCondition {
  /** undefined for a bare comparison ("above 500"): the variable comes from the clause before */
  variable?: string;
  operator: Operator;
  value: number | boolean | string;
  /** the condition's words, for the flow's label */
  words: string;
  /** the rest of the clause: the first step of the branch, if any */
  rest: string;
  /** words after the comparison that are no step and were not read ("or above 8") */
  unread?: string;
}

const OPERATORS: [string, Operator][] = [
  ['greater than or equal to', '>='], ['more than or equal to', '>='], ['at least', '>='], ['not less than', '>='], ['no less than', '>='],
  ['less than or equal to', '<='], ['at most', '<='], ['not more than', '<='], ['no more than', '<='],
  ['greater than', '>'], ['more than', '>'], ['higher than', '>'], ['larger than', '>'], ['bigger than', '>'], ['above', '>'], ['over', '>'], ['beyond', '>'],
  ['less than', '<'], ['lower than', '<'], ['smaller than', '<'], ['fewer than', '<'], ['below', '<'], ['under', '<'],
  ['not equal to', '!='], ['different from', '!='], ['not', '!='], ['equal to', '=='],
];
const UNITS = /^(percent|per cent|%|euros?|eur|dollars?|usd|pounds?|gbp|days?|hours?|minutes?|items?|points?|units?|pieces?|times|kg|km)\b\s*/i;
/** words that say a state: "it is urgent" asks whether it is (urgent == true) */
const STATES = new Set(['urgent', 'valid', 'invalid', 'complete', 'incomplete', 'late', 'overdue', 'available', 'ok', 'okay', 'correct',
  'positive', 'negative', 'important', 'critical', 'eligible', 'missing', 'empty', 'ready', 'due', 'open', 'closed', 'done', 'finished']);
const PRONOUNS = /^(it|they|this|he|she|that|these|those|we)$/i;

const isParticiple = (word: string) => /(ed|en)$/i.test(word) && verbBase(word.replace(/en$/, 'e')) !== undefined || /^(paid|sent|signed|told|chosen|written)$/i.test(word);

/** A number ("10,000", "5.5") at the start of text, with a unit after it taken away. */
function leadingNumber(text: string): { value: number; rest: string } | undefined {
  const m = /^(-?\d[\d,_]*(?:\.\d+)?)\s*/.exec(text);
  if (!m) return undefined;
  const value = Number(m[1].replace(/[,_](?=\d{3})/g, ''));
  if (!Number.isFinite(value)) return undefined;
  return { value, rest: text.slice(m[0].length).replace(UNITS, '') };
}

function operatorAt(text: string): { operator: Operator; rest: string } | undefined {
  const lower = text.toLowerCase();
  for (const [words, operator] of OPERATORS) {
    if (lower === words || lower.startsWith(`${words} `)) return { operator, rest: text.slice(words.length).trim() };
  }
  return undefined;
}

const words = (text: string) => text.replace(/^if\s+/i, '').trim();

/** "above 500 a manager approves it" → > 500, rest "a manager approves it". */
export function readBareComparison(text: string): ReadCondition | undefined {
  const op = operatorAt(text.trim());
  if (!op || op.operator === '!=' || op.operator === '==') return undefined;
  const n = leadingNumber(op.rest);
  if (!n) return undefined;
  return { operator: op.operator, value: n.value, words: text.trim().slice(0, text.trim().length - n.rest.length).trim(), rest: n.rest.trim() };
}

/** A refusal is the answer no: "rejected" asks approved == false. */
const NEGATIVE: Record<string, string> = { rejected: 'approved', declined: 'approved', denied: 'approved', refused: 'approved' };

function yesNo(variable: string, value: boolean): { variable: string; value: boolean } {
  return NEGATIVE[variable] ? { variable: NEGATIVE[variable], value: !value } : { variable, value };
}

/** The condition, with what follows it kept only when it is a step ("… the CFO approves"), else dropped into the words. */
function settleRest(c: ReadCondition | undefined): ReadCondition | undefined {
  if (!c || !c.rest.trim() || startsClause(c.rest)) return c;
  return { ...c, words: `${c.words} ${c.rest}`.trim(), rest: '', unread: c.rest.trim() };
}

/** Reads a clause that starts with "if"; undefined when it does not, or when the words are no comparison. */
export function readIf(text: string): ReadCondition | undefined {
  return settleRest(readIfWords(text));
}

function readIfWords(text: string): ReadCondition | undefined {
  const t = text.trim();
  if (!/^if\s/i.test(t)) return undefined;
  const after = t.replace(/^if\s+/i, '');
  const tokens = after.split(/\s+/);

  // "if approved …", "if not approved …"
  const negated = /^not$/i.test(tokens[0]);
  const head = tokens[negated ? 1 : 0] ?? '';
  if (isParticiple(head) || STATES.has(head.toLowerCase())) {
    const rest = tokens.slice(negated ? 2 : 1).join(' ');
    return { ...yesNo(variableFrom(head), !negated), operator: '==', words: words(t.slice(0, t.length - rest.length)), rest };
  }

  // "if there are more than 10 errors …"
  const there = /^there (?:is|are) (.+)$/i.exec(after);
  if (there) {
    const op = operatorAt(there[1]);
    const n = op && leadingNumber(op.rest);
    const noun = n && /^([a-z][\w-]*)\s*(.*)$/i.exec(n.rest);
    if (op && n && noun) return { variable: `${variableFrom(singular(noun[1]))}_count`, operator: op.operator, value: n.value, words: words(t.slice(0, t.length - noun[2].length)), rest: noun[2] };
    return undefined;
  }

  // "if <subject> is|are … <value> …"
  const be = /^(.+?)\s+(?:is|are|was|were|equals|exceeds|exceed)\s+(.+)$/i.exec(after);
  if (be && !/\b(and|or)\b/i.test(be[1]) && be[1].split(/\s+/).length <= 5) {
    const subject = bare(be[1]);
    const verb = /\s(exceeds|exceed|equals)\s/i.exec(` ${after} `)?.[1]?.toLowerCase();
    let operator: Operator = verb?.startsWith('exceed') ? '>' : '==';
    let rest = be[2].trim();
    const op = verb ? undefined : operatorAt(rest);
    if (op) { operator = op.operator; rest = op.rest; }
    const n = leadingNumber(rest);
    if (n) return { variable: variableFrom(subject), operator, value: n.value, words: words(t.slice(0, t.length - n.rest.length)), rest: n.rest.trim() };
    if (operator !== '==' && operator !== '!=') return undefined;
    const word = /^["']?([\w-]+)["']?\s*(.*)$/.exec(rest);
    if (!word) return undefined;
    const value = word[1];
    const remainder = word[2].replace(/^,\s*/, '');
    const phrase = words(t.slice(0, t.length - word[2].length));
    // a state of the thing itself ("it is urgent", "the vendor is approved") asks yes or no
    if (PRONOUNS.test(subject) || isParticiple(value) || STATES.has(value.toLowerCase())) {
      return { ...yesNo(variableFrom(value), operator === '=='), operator: '==', words: phrase, rest: remainder };
    }
    if (/^(true|yes)$/i.test(value) || /^(false|no)$/i.test(value)) {
      return { variable: variableFrom(subject), operator, value: /^(true|yes)$/i.test(value), words: phrase, rest: remainder };
    }
    return { variable: variableFrom(subject), operator, value: value.toLowerCase(), words: phrase, rest: remainder };
  }

  // "if they reply", "if the customer accepts the offer"
  for (let n = 1; n <= 4 && n < tokens.length; n++) {
    const base = verbBase(tokens[n].replace(/[^a-z]/gi, ''));
    if (!base) continue;
    const rest = tokens.slice(n + 1).join(' ');
    return { ...yesNo(variableFrom(pastParticiple(base)), true), operator: '==', words: words(t.slice(0, t.length - rest.length)), rest };
  }
  return undefined;
}

/** The condition as the whitelist grammar writes it: `priority > 3`, `priority == "high"`, `approved == true`. */
export const conditionText = (variable: string, c: Pick<ReadCondition, 'operator' | 'value'>) =>
  `${variable} ${c.operator} ${typeof c.value === 'string' ? `"${c.value}"` : String(c.value)}`;
