/**
 * How a process starts and what it is about, from its first words: a schedule ("every hour") is a
 * timer start event; "When a support ticket arrives" or a first sentence such as "An invoice
 * arrives." names the start event and the process ("Support ticket"); "Onboarding: …" is a title.
 * Otherwise the process is named after the first step's object ("the exchange rates web page").
 */
import { findSchedule } from './timers';
import { bare, capitalise, verbBase } from './words';

export interface Opening {
  /** the text without the schedule and the title */
  text: string;
  title?: string;
  timer?: { cycle: string; name: string };
}

export interface Trigger { startName: string; processName: string; subject: string }

/** Takes the schedule and a title ("Onboarding: …") off the description. */
export function opening(description: string): Opening {
  let text = description.replace(/\s+/g, ' ').replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\be-mail/gi, 'email').trim();
  const schedule = findSchedule(text);
  if (schedule) {
    text = `${text.slice(0, schedule.index)} ${text.slice(schedule.index + schedule.length)}`
      .replace(/\s+,/g, ',').replace(/(^|[.!?;]\s*),\s*/g, '$1').replace(/,\s*,/g, ',').replace(/\s+/g, ' ').trim()
      .replace(/(^|[.!?]\s+)([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
  }
  const titled = /^([A-Z][^:.;!?]{2,40}):\s+(.+)$/.exec(text);
  const title = titled && titled[1].split(/\s+/).length <= 6 ? titled[1].trim() : undefined;
  if (title) text = capitalise(titled![2]);
  return { text, title, timer: schedule && { cycle: schedule.cycle, name: schedule.name } };
}

const WHEN = /^(?:when|whenever|once|as soon as|each time|every time|after|if(?=\s+(?:a|an|new)\s))\s+(.+)$/i;
const EVENT = /^(.+?)\s+(arrives?|comes? in|comes|(?:is|are|gets|get) (?:received|submitted|uploaded|created|placed|filed|opened|reported|published|raised|made|late|delayed|sent|added|signed|registered|closed)|signs? up|registers|sends|submits|asks for|applies for|requests|places|opens|files|reports|uploads|fills (?:in|out)|is (?:\w+ed))\b\s*(.*)$/i;
const ADJECTIVES = /^(?:new|incoming|pending|single|short|brief|quick)\s+/i;

const noun = (phrase: string) => bare(phrase).replace(ADJECTIVES, '').replace(/\s+(?:by|via|through|from|over)\s+(?:email|mail|phone|post|the web)$/i, '').trim();

/** Reads a start in words ("When a support ticket arrives", "An employee asks for leave"); `sentence` says whether the
 * clause is its first sentence alone, or the first of several clauses joined in sequence. */
export function readTrigger(clause: string, sentence: 'alone' | 'first' | undefined): Trigger | undefined {
  const when = WHEN.exec(clause);
  const body = when ? when[1] : clause;
  if (!when && !(sentence && /^(?:a|an|new|one)\s/i.test(body))) return undefined;
  const event = EVENT.exec(body);
  if (!event) {
    // "When a customer cancels their subscription", "A patient books an appointment online": the words themselves
    const words = body.split(/\s+/);
    const v = words.findIndex((w, i) => i > 0 && (verbBase(w) || /^(is|are)$/i.test(w) || (i <= 4 && /^[a-z]+s$/.test(w) && !/^(?:is|was|has|its|this|his|us)$/.test(w))));
    // an opening sentence is the start only when someone does something there ("A patient books …"), not "A nurse must check …"
    if (!when && (v < 0 || sentence !== 'alone' || !/s$/i.test(words[v]) || /^(?:must|should|will|can|may)$/i.test(words[v - 1] ?? ''))) return undefined;
    const subject = noun(words.slice(0, v > 0 ? v : words.length).join(' '));
    const said = bare(body).replace(/\s+(?:online|today|now|by (?:email|mail|phone))$/i, '');
    return { startName: capitalise(said), processName: capitalise(said.length <= 50 ? said : subject || said), subject: subject.toLowerCase() };
  }
  const subject = noun(event[1]);
  const verb = event[2].toLowerCase();
  const object = noun(event[3].replace(/\s+(?:by|via|through|over)\s+.*$/i, ''));
  let processName = subject;
  let about = subject;
  if (/^(?:asks for|applies for|requests)$/.test(verb) && object) { processName = `${object} request`; about = processName; }
  else if (/^(?:sends|submits|uploads|files|places|opens)$/.test(verb) && object) { processName = `${object} from ${subject}`; about = object; }
  return { startName: capitalise(bare(body).replace(/\s+(?:by|via|over)\s+(?:email|mail)$/i, '')), processName: capitalise(processName), subject: about.toLowerCase() };
}

const GENERIC_HEADS = /^(?:list|lists|set|batch|number|copy|summary|ideas|idea|kind|bunch)\s+(?:of|for)\s+/i;
const PREPOSITION = /\s+(?:from|to|of|in|on|via|through|for|with|into|by|over|at|and|as|using|within)\s+.*$/i;

/** What a step's words are about: the noun ("open orders") and a name for the process ("Open orders"). */
export function objectName(verb: string | undefined, rest: string): { noun: string; name: string } | undefined {
  let object = bare(rest.replace(/^(?:the\s+)?(?:ai|model)\s+(?:for|to)\s+/i, '')).replace(/^(?:\d+|one|two|three|four|five|some|several|all)\s+/i, '');
  object = object.replace(GENERIC_HEADS, (m) => (/ideas?/i.test(m) ? m : ''));
  const head = /^(?:ideas?)\s+for\s+/i.test(object) ? object.replace(/\s+(?:from|to|in|on|via|through|with|into|by|over|at|and|as|using)\s+.*$/i, '') : object.replace(PREPOSITION, '');
  const cleaned = bare(head).replace(ADJECTIVES, '').trim();
  if (!cleaned || /^(?:it|them|this|that|one)$/i.test(cleaned)) return undefined;
  return { noun: cleaned.toLowerCase(), name: capitalise(cleaned.split(/\s+/).length === 1 && verb ? `${verb} ${cleaned}` : cleaned) };
}
