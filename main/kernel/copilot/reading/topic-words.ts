/**
 * Which topic a clause's words ask for, and the inputs its words give. The order is fixed: checking
 * data (validate, "check that … filled in") before the AI ("ask the AI", "with the AI"), Slack, e-mail
 * and web calls ("the shop's REST API", "fetch", "download"); then any other phrase a topic lists in
 * common/topics.ts; else nothing (a person's step, or no step).
 */
import { TOPICS } from '../../../../common/topics';
import { USER_TOPIC, type InputValue } from '../plan';
import { bare, variableFrom } from './words';

const AI_CUE = /\b(?:ask|have|let|get|use|using|with|by|through|via)\s+(?:the\s+|an\s+|our\s+)?(?:local\s+)?(?:ai|a\.i\.|llm|language model|ai model|model|assistant)(?:\s+model)?\b/i;
const AI_SUBJECT = /^(?:the\s+)?(?:ai|llm|ai model|model)\s+\w+s\b/i;
const VALIDATION = /^(?:validate|verify)\b|^check\s+(?:that|whether|if|the required|required|all required|the mandatory|the input|the data|the fields|the form)\b/i;
const SLACK = /\bslack\b|(?:^|\s)#[a-z][\w-]*/i;
const EMAIL = /\b(?:e-?mails?|e-?mailed|mail|mailed|newsletter)\b(?!\s+(?:account|address|addresses|list|field|server|inbox))/i;
const HTTP = /\b(?:api|rest|web ?services?|endpoint|web ?pages?|website|urls?|https?|webhook|crm|erp|the web)\b/i;
/** "via the Mailchimp API", "through its REST API": the call is the step, whatever it is about */
const VIA_API = /\b(?:via|through|using|over|with|from|in|to)\s+(?:the\s+|its\s+|their\s+|our\s+)?(?:[\w'-]+\s+){0,3}(?:rest\s+)?(?:api|web ?service|endpoint|webhook)\b/i;
/** verbs that are a web call when nobody in particular does them */
const HTTP_VERBS = /^(?:fetch|download|retrieve|upload|sync|synchroni[sz]e|export|import)\b/i;
const TEXT_VERBS = /^(?:summari[sz]e|translate|write|draft|generate|suggest|compose|rewrite|create|produce|prepare)\b/i;
const CODE = /\bcode\b|\bpull request\b|\bdiff\b/i;

export interface TopicChoice { topic: string; ai: boolean }

/** The topic of a clause; `words` is the clause with the AI's part taken out ("ask the AI to X" → "X"); `byPerson`:
 * someone named does it, so only a topic its words name outright serves it. */
export function topicFor(words: string, verb: string | undefined, clause: string, byPerson = false): TopicChoice {
  const ai = AI_CUE.test(clause) || AI_SUBJECT.test(clause);
  if (VALIDATION.test(words) || verb === 'validate' || verb === 'verify') return { topic: 'input_validation', ai: false };
  if (ai) {
    if ((verb === 'analyse' || verb === 'analyze' || verb === 'review' || verb === 'check') && CODE.test(words)) return { topic: 'code_analysis', ai };
    return { topic: TEXT_VERBS.test(words) || (verb && TEXT_VERBS.test(verb)) ? 'text_generation' : 'ai_query', ai };
  }
  if (SLACK.test(words) && !/^(?:read|review)\b/i.test(words)) return { topic: 'slack_post', ai };
  if (VIA_API.test(words)) return { topic: 'http_request', ai };
  if (EMAIL.test(words)) return { topic: 'email_send', ai };
  if (HTTP.test(words) || (!byPerson && (HTTP_VERBS.test(words) || (verb && HTTP_VERBS.test(verb))))) return { topic: 'http_request', ai };
  if (/^(?:summari[sz]e|translate)\b/i.test(words)) return { topic: 'text_generation', ai };
  for (const t of TOPICS) {
    if (t.internal) continue;
    if (t.phrases.some((p) => new RegExp(`\\b${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(words))) return { topic: t.name, ai };
  }
  return { topic: USER_TOPIC, ai };
}

/** The AI's part of a clause taken out: "ask the AI to suggest a reply" → "suggest a reply". */
export function withoutAi(clause: string): string {
  return clause
    .replace(/^(?:ask|have|let|get|use)\s+(?:the\s+|an\s+)?(?:local\s+)?(?:ai|llm|ai model|model|assistant)(?:\s+model)?\s+(?:to\s+)?(?=[a-z])(?!for\b)/i, '')
    .replace(/\s*,?\s*\b(?:with|using|by|through|via)\s+(?:the\s+|an\s+|our\s+)?(?:local\s+)?(?:ai|llm|language model|ai model|model|assistant)(?:\s+model)?\b/i, '')
    .trim();
}

const GENERIC_SERVICE = new Set(['the', 'our', 'its', 'their', 'rest', 'api', 'apis', 'web', 'service', 'services', 'webservice', 'endpoint', 'page', 'webpage',
  'website', 'url', 'http', 'https', 'over', 'site', 'system', 'a', 'an', 'of', 'list']);

/** The variable a web call's address comes from: "the shop's REST API" → shop_url, "the CRM web service" → crm_url. */
export function urlVariable(words: string, object: string): string {
  const tokens = words.split(/\s+/);
  const isCue = (i: number) => /^(?:api|apis|endpoint|website|webservice|crm|erp)$/i.test(tokens[i].replace(/[^a-z]/gi, ''))
    || (/^(?:service|services|page|pages)$/i.test(tokens[i].replace(/[^a-z]/gi, '')) && i > 0);
  const cue = tokens.findIndex((_, i) => isCue(i));
  const slug = (list: string[]) => list.map((w) => w.toLowerCase().replace(/'s?$/, '').replace(/[^a-z0-9]/g, '')).filter((w) => w && !GENERIC_SERVICE.has(w)).slice(-3).join('_');
  let name = '';
  if (cue >= 0) {
    let from = cue;
    while (from > 0 && !/^(?:the|a|an|our|its|their|from|to|of|in|on|via|through|over|into|with|for|and|call|fetch|download|check|get)$/i.test(tokens[from - 1])) from--;
    name = slug(tokens.slice(from, cue + 1));
  }
  // where it goes ("upload the file to the accounting system"), else what it is about
  const target = /\b(?:to|into)\s+((?:the\s+|our\s+|their\s+)?[\w'-]+(?:\s+[\w'-]+){0,2})$/i.exec(words)?.[1];
  if (!name && target) name = slug(target.split(/\s+/));
  if (!name) name = slug(bare(object).split(/\s+(?:from|to|of|in|on|via|through|for)\s+/i)[0]?.split(/\s+/) ?? []);
  return name ? `${name}_url` : 'url';
}

/** An address said in the words, if any. */
export const literalUrl = (words: string) => /\bhttps?:\/\/[^\s,;]+/i.exec(words)?.[0];
export const literalEmail = (words: string) => /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/.exec(words)?.[0];

/** "the #sales channel" → #sales; "the team channel" → team_channel; nothing said → slack_channel. */
export function slackChannel(words: string): InputValue {
  const literal = /(?:^|\s)(#[a-z][\w-]*)/i.exec(words)?.[1];
  if (literal) return { text: literal };
  const named = /\b(?:the\s+|our\s+)?([\w'-]+(?:\s+[\w'-]+)?)\s+(?:slack\s+)?channel\b/i.exec(words)?.[1];
  const name = named && variableFrom(named.replace(/\bslack\b/i, '').replace(/'/g, ''));
  return { variable: name && !['the', 'slack', 'a'].includes(name) ? `${name}_channel` : 'slack_channel' };
}

/** Field names a validation's words list: "that it has a customer id and a subject" → customer_id, subject. */
export function requiredFields(words: string): string[] {
  const m = /\bthat (?:it|they|the \w+) (?:has|have|contains?|includes?) (.+)$/i.exec(words)
    ?? /\bthat (.+?) (?:is|are) (?:filled in|filled|present|given|set|there|provided)\b/i.exec(words)
    ?? /^(?:validate|verify|check)\s+(.+\b(?:and|,)\b.+)$/i.exec(words);
  if (!m) return [];
  const items = m[1].split(/\s*(?:,\s*and|,|\band\b)\s*/i).map((i) => bare(i.replace(/\s+fields?$/i, ''))).filter(Boolean);
  if (items.length < 2 && !/\bthat\b/i.test(words)) return [];
  return items.filter((i) => i.split(/\s+/).length <= 3).map(variableFrom).filter(Boolean);
}
