/**
 * The keyword pre-pass: obvious phrases in a description ("send an email", "fetch a web page")
 * mapped to the topics that serve them, from the topics' own `phrases` (common/topics.ts). The hints
 * go into the prompt, and they are the fallback when a small model picks no topic or leaves a step out.
 */
import { TOPICS } from '../../../common/topics';

export interface TopicHint {
  topic: string;
  /** the phrase found */
  phrase: string;
  /** where in the description (for ordering) */
  index: number;
  /** the clause it stands in, as a short step name */
  clause: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The clause of `text` around `index`, cut at punctuation and joining words, capitalised. */
function clauseAt(text: string, index: number): string {
  const before = text.slice(0, index).split(/[.;,:!?\n]|\b(?:then|and|else|otherwise|if|when|after that|finally)\b/i).pop() ?? '';
  const after = text.slice(index).split(/[.;,:!?\n]|\b(?:then|and|else|otherwise|if|when|after that|finally)\b/i)[0] ?? '';
  const words = `${before}${after}`.replace(/\s+/g, ' ').trim().replace(/^(to|we|i|you|they|the system)\s+/i, '').slice(0, 60);
  return words ? words[0].toUpperCase() + words.slice(1) : '';
}

/** One hint per topic named in the description (its first mention), in the order they appear. */
export function topicHints(description: string): TopicHint[] {
  const hints: TopicHint[] = [];
  for (const t of TOPICS) {
    if (t.internal) continue;
    let best: { phrase: string; index: number } | undefined;
    for (const phrase of t.phrases) {
      const m = new RegExp(`\\b${escape(phrase)}\\b`, 'i').exec(description);
      if (m && (!best || m.index < best.index)) best = { phrase, index: m.index };
    }
    if (best) hints.push({ topic: t.name, ...best, clause: clauseAt(description, best.index) });
  }
  return hints.sort((a, b) => a.index - b.index);
}

/** The topic a step's own name points at, if any (e.g. "Email the customer" → email_send). */
export function topicForName(name: string): string | undefined {
  return topicHints(name)[0]?.topic;
}
