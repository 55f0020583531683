/**
 * The words the reading knows: the verbs that start a step, the verbs of people, the roles people
 * have, and small helpers on words (a verb's base and third-person forms, noun phrases cleaned of
 * articles, a variable name from words). Plain lists: what is not here is read as an object or a name.
 */
import pluralize from 'pluralize';

/** Verbs that start a step (base form). A clause led by one of these, or by a role and one of these, is a step. */
export const ACTION_VERBS = new Set([
  'add', 'alert', 'analyse', 'analyze', 'answer', 'approve', 'archive', 'ask', 'assess', 'assign', 'book', 'calculate', 'call',
  'cancel', 'check', 'choose', 'classify', 'close', 'collect', 'compare', 'compose', 'confirm', 'contact', 'create', 'decide',
  'delete', 'deliver', 'deploy', 'download', 'draft', 'edit', 'email', 'e-mail', 'escalate', 'estimate', 'evaluate', 'extract',
  'fetch', 'file', 'fill', 'forward', 'generate', 'get', 'have', 'inform', 'inspect', 'interview', 'invite', 'invoice', 'issue',
  'let', 'load', 'log', 'mail', 'message', 'notify', 'open', 'order', 'pay', 'pick', 'ping', 'post', 'prepare', 'print', 'proofread',
  'publish', 'pull', 'put', 'query', 'read', 'record', 'refund', 'register', 'reject', 'remind', 'reply', 'report', 'request',
  'retrieve', 'review', 'rewrite', 'run', 'save', 'schedule', 'screen', 'send', 'set', 'ship', 'sign', 'store', 'submit',
  'suggest', 'summarise', 'summarize', 'tell', 'test', 'text', 'translate', 'update', 'upload', 'validate', 'verify', 'wait',
  'welcome', 'write', 'reserve', 'import', 'export', 'sync', 'synchronise', 'synchronize', 'convert', 'attach', 'enter', 'look',
  'find', 'search', 'match', 'approve', 'prioritise', 'prioritize', 'triage', 'plan', 'discuss', 'meet', 'ask', 'return', 'move',
])

/** Verbs of people: a step led by one of these, with no topic in its words, is a person's step. */
export const PERSON_VERBS = new Set([
  'approve', 'reject', 'review', 'decide', 'sign', 'interview', 'screen', 'proofread', 'read', 'pick', 'choose', 'welcome',
  'prepare', 'edit', 'answer', 'close', 'submit', 'fill', 'inspect', 'assess', 'evaluate', 'estimate', 'discuss', 'meet',
  'confirm', 'accept', 'call', 'check', 'write', 'plan', 'test', 'triage', 'prioritise', 'prioritize',
]);

/** Verbs whose step ends in a yes or no: a person's step led by one gets a boolean field `approved`. */
export const DECISION_VERBS = new Set(['approve', 'reject', 'decide', 'accept', 'sign off']);

/** The last word of a phrase that names someone who does work. */
export const ROLES = new Set([
  'manager', 'lead', 'supervisor', 'cfo', 'ceo', 'cto', 'coo', 'hr', 'it', 'team', 'engineer', 'developer', 'editor', 'writer',
  'buyer', 'officer', 'agent', 'salesperson', 'employee', 'clerk', 'accountant', 'reviewer', 'approver', 'admin', 'administrator',
  'owner', 'person', 'someone', 'staff', 'department', 'director', 'assistant', 'colleague', 'designer', 'analyst', 'lawyer',
  'legal', 'finance', 'marketing', 'sales', 'support', 'operator', 'specialist', 'coordinator', 'secretary', 'technician',
  'nurse', 'doctor', 'teacher', 'student', 'boss', 'head', 'board', 'committee', 'applicant', 'requester', 'recruiter', 'partner',
  'consultant', 'auditor', 'controller', 'dispatcher', 'driver', 'courier', 'customer', 'client', 'user', 'member', 'planner',
  'tester', 'architect', 'expert', 'specialists', 'teams', 'managers', 'engineers', 'developers', 'technician', 'patient', 'guest',
  'agency', 'vendor', 'supplier', 'office', 'lab', 'warehouse', 'hr', 'legal', 'purchasing', 'accounting', 'hire',
]);

export const ARTICLES = /^(?:the|a|an|this|that|these|those|its|their|his|her|our|my|your|each|every|some|any)\s+/i;
const STOP = new Set(['the', 'a', 'an', 'of', 'to', 'and', 'or', 'in', 'on', 'for', 'with', 'by', 'from', 'at', 'it', 'its', 'is',
  'are', 'be', 'as', 'that', 'this', 'their', 'them', 'they', 'our', 'we', 'then', 'via', 'through', 'into', 'new', 'all']);

/** A word's forms reduced for comparing: lower case, without a plural or verb ending. */
export const stem = (word: string) => word.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/(ies|ied)$/, 'y').replace(/(ses|xes|ches|shes)$/, (m) => m.slice(0, -2))
  .replace(/(ing|ed|es|s)$/, '').replace(/e$/, '');

/** Two forms of one word ("validation" and "validate", "summary" and "summarise", "orders" and "order")? */
export function sameWord(a: string, b: string): boolean {
  const x = stem(a);
  const y = stem(b);
  if (x === y) return true;
  const shorter = Math.min(x.length, y.length);
  const need = Math.max(5, shorter - 3);
  return shorter >= 5 && x.slice(0, need) === y.slice(0, need);
}

/** The content words of a text (no articles, prepositions, pronouns), lower case. */
export const contentWords = (text: string) => text.toLowerCase().split(/[^a-z0-9']+/).map((w) => w.replace(/'s?$/, '')).filter((w) => w.length > 1 && !STOP.has(w));

const IRREGULAR: Record<string, string> = {
  has: 'have', does: 'do', goes: 'go', is: 'be', are: 'be', told: 'tell', sent: 'send', paid: 'pay', written: 'write', wrote: 'write',
  chosen: 'choose', chose: 'choose', got: 'get', read: 'read', set: 'set', put: 'put', run: 'run', ran: 'run', led: 'lead',
};

/** The base form of a verb as written ("approves" → "approve", "analyses" → "analyse"), if the reading knows it. */
export function verbBase(word: string): string | undefined {
  const w = word.toLowerCase();
  if (IRREGULAR[w]) return ACTION_VERBS.has(IRREGULAR[w]) || PERSON_VERBS.has(IRREGULAR[w]) ? IRREGULAR[w] : undefined;
  if (ACTION_VERBS.has(w) || PERSON_VERBS.has(w)) return w;
  for (const base of [w.replace(/ies$/, 'y'), w.replace(/es$/, ''), w.replace(/s$/, ''), w.replace(/ed$/, ''), w.replace(/d$/, ''), w.replace(/ied$/, 'y'), w.replace(/ing$/, ''), w.replace(/ing$/, 'e')]) {
    if (base !== w && (ACTION_VERBS.has(base) || PERSON_VERBS.has(base))) return base;
  }
  return undefined;
}

/** The base form of a verb the reading does not know, guessed from its ending ("released" → "release", "blocks" → "block"). */
export function guessBase(word: string): string {
  const w = word.toLowerCase();
  const known = verbBase(w);
  if (known) return known;
  if (/ied$/.test(w)) return w.replace(/ied$/, 'y');
  if (/ed$/.test(w)) {
    const stem = w.slice(0, -2);
    return /([aeiou]s|[vczgu])$/.test(stem) ? `${stem}e` : stem.replace(/([^aeiou])\1$/, '$1');
  }
  if (/ies$/.test(w)) return w.replace(/ies$/, 'y');
  if (/(ches|shes|sses|xes)$/.test(w)) return w.slice(0, -2);
  return w.replace(/s$/, '');
}

/** Words that are no verb when they lead a clause. */
export const NOT_VERBS = new Set(['the', 'a', 'an', 'this', 'that', 'it', 'they', 'we', 'he', 'she', 'and', 'or', 'but', 'if', 'when', 'then',
  'to', 'of', 'in', 'on', 'for', 'with', 'by', 'from', 'at', 'as', 'all', 'each', 'every', 'both', 'no', 'not', 'their', 'our', 'its']);

/** "approve" → "approves", "reply" → "replies", "pass" → "passes". */
export function thirdPerson(base: string): string {
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh|o)$/.test(base)) return `${base}es`;
  return `${base}s`;
}

/** "reply" → "replied", "accept" → "accepted", "approve" → "approved". */
export function pastParticiple(base: string): string {
  const irregular: Record<string, string> = { pay: 'paid', send: 'sent', read: 'read', write: 'written', choose: 'chosen', tell: 'told', sign: 'signed' };
  if (irregular[base]) return irregular[base];
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ied`;
  if (/e$/.test(base)) return `${base}d`;
  return `${base}ed`;
}

/** A noun phrase without leading articles and possessive pronouns, trailing punctuation trimmed. */
export const bare = (phrase: string) => {
  let p = phrase.trim().replace(/[.,;:!?]+$/, '');
  while (ARTICLES.test(p)) p = p.replace(ARTICLES, '');
  return p.trim();
};

/** A variable name from words: "the order amount" → order_amount, "customer's record" → customer_record. */
export const variableFrom = (words: string) => bare(words).toLowerCase().replace(/'s\b/g, '').replace(/'/g, '')
  .replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').replace(/_+/g, '_').replace(/^(\d)/, 'v_$1').slice(0, 40).replace(/_$/, '');

export const singular = (noun: string) => pluralize.singular(noun);
export const plural = (noun: string) => pluralize.plural(noun);

export const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** Is the phrase someone who works ("the finance manager", "HR", "a senior developer")? */
export function isRole(phrase: string): boolean {
  const words = bare(phrase).toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length || words.length > 4) return false;
  if (['system', 'ai', 'model', 'it'].includes(words.at(-1)!) && !(words.length === 1 && phrase.trim() === 'IT')) return false;
  return ROLES.has(words.at(-1)!.replace(/'s$/, ''));
}
