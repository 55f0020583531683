/**
 * Time in words. A schedule ("every hour", "each month", "every Monday at 9", "nightly") becomes the
 * timer of the start event: an ISO 8601 repeating interval where only a period is said (R/PT1H,
 * counted from the deployment), a cron expression (Camunda's: seconds minutes hours day-of-month
 * month day-of-week) where a time of day or a day is said. A duration ("2 days", "a week") becomes
 * the timer of a wait (P2D).
 */

export interface Schedule { cycle: string; name: string; index: number; length: number }

const NUMBERS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15, twenty: 20, thirty: 30 };
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NUMBER = '(\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty)';
const UNIT = '(minutes?|mins?|hours?|days?|weeks?|months?)';
const TIME = '(?:\\s+at\\s+(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.|o\'clock)?)?';

const count = (word: string) => NUMBERS[word.toLowerCase()] ?? Number(word);

/** "2 days" → P2D, "3 hours" → PT3H, "a week" → P7D; undefined when it is no duration. */
export function isoDuration(amount: string, unit: string): string | undefined {
  const n = count(amount);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  const u = unit.toLowerCase();
  if (u.startsWith('min')) return `PT${n}M`;
  if (u.startsWith('hour')) return `PT${n}H`;
  if (u.startsWith('day')) return `P${n}D`;
  if (u.startsWith('week')) return `P${n * 7}D`;
  if (u.startsWith('month')) return `P${n}M`;
  return undefined;
}

/** A duration anywhere in the text ("wait 2 days", "for three hours"). */
export function findDuration(text: string): { iso: string; words: string } | undefined {
  const m = new RegExp(`\\b${NUMBER}\\s+${UNIT}\\b`, 'i').exec(text);
  const iso = m && isoDuration(m[1], m[2]);
  return iso ? { iso, words: m[0] } : undefined;
}

function hourOf(h: string | undefined, minutes: string | undefined, half: string | undefined, fallback: number): [number, number] {
  if (!h) return [fallback, 0];
  let hour = Number(h) % 24;
  if (/^p/i.test(half ?? '') && hour < 12) hour += 12;
  if (/^a/i.test(half ?? '') && hour === 12) hour = 0;
  return [hour, Number(minutes ?? 0)];
}

const at = (hm: [number, number]) => `0 ${hm[1]} ${hm[0]}`;
const clock = (hm: [number, number]) => `${String(hm[0]).padStart(2, '0')}:${String(hm[1]).padStart(2, '0')}`;

type Rule = [RegExp, (m: RegExpExecArray) => { cycle: string; name: string } | undefined];

const RULES: Rule[] = [
  [new RegExp(`\\b(?:every|each)\\s+${NUMBER}\\s+${UNIT}\\b`, 'i'), (m) => {
    const iso = isoDuration(m[1], m[2]);
    return iso ? { cycle: `R/${iso}`, name: `Every ${count(m[1])} ${m[2].toLowerCase()}` } : undefined;
  }],
  [new RegExp(`\\bat the (end|start|beginning) of (?:each|every|the) month${TIME}`, 'i'), (m) => {
    const end = m[1].toLowerCase() === 'end';
    const hm = hourOf(m[2], m[3], m[4], end ? 18 : 8);
    return { cycle: `${at(hm)} ${end ? 'L' : '1'} * ?`, name: `${end ? 'End' : 'Start'} of each month (${clock(hm)})` };
  }],
  [new RegExp(`\\bon the (first|last) (?:day |working day )?of (?:each|every|the) month${TIME}`, 'i'), (m) => {
    const last = m[1].toLowerCase() === 'last';
    const hm = hourOf(m[2], m[3], m[4], 8);
    return { cycle: `${at(hm)} ${last ? 'L' : '1'} * ?`, name: `${last ? 'Last' : 'First'} day of each month (${clock(hm)})` };
  }],
  [new RegExp(`\\b(?:every|each|on)\\s+(${DAYS.join('|')})s?${TIME}`, 'i'), (m) => {
    const hm = hourOf(m[2], m[3], m[4], 8);
    const day = m[1].slice(0, 3).toUpperCase();
    return { cycle: `${at(hm)} ? * ${day}`, name: `Every ${m[1][0].toUpperCase()}${m[1].slice(1).toLowerCase()} (${clock(hm)})` };
  }],
  [new RegExp(`\\b(?:every|each)\\s+(morning|evening|night|day|weekday|working day)${TIME}`, 'i'), (m) => {
    const part = m[1].toLowerCase();
    const fallback = part === 'night' ? 2 : part === 'evening' ? 18 : 8;
    if (part === 'day' && !m[2]) return { cycle: 'R/P1D', name: 'Every day' };
    const hm = hourOf(m[2], m[3], m[4], fallback);
    const weekdays = part === 'weekday' || part === 'working day';
    return { cycle: `${at(hm)} ${weekdays ? '? * MON-FRI' : '* * ?'}`, name: `Every ${part} (${clock(hm)})` };
  }],
  [new RegExp(`\\b(daily|nightly)${TIME}(?=\\s*(?:[,:;.]|$))`, 'i'), (m) => {
    const night = m[1].toLowerCase() === 'nightly';
    if (!night && !m[2]) return { cycle: 'R/P1D', name: 'Daily' };
    const hm = hourOf(m[2], m[3], m[4], night ? 2 : 8);
    return { cycle: `${at(hm)} * * ?`, name: `${night ? 'Nightly' : 'Daily'} (${clock(hm)})` };
  }],
  [/\b(?:every|each)\s+(minute|hour|week|month|year)\b/i, (m) => ({ cycle: `R/${{ minute: 'PT1M', hour: 'PT1H', week: 'P7D', month: 'P1M', year: 'P1Y' }[m[1].toLowerCase() as 'hour']}`, name: `Every ${m[1].toLowerCase()}` })],
  // "hourly, …", "… weekly." — but "the monthly report" is no schedule
  [/\b(hourly|weekly|monthly|yearly|annually)\b(?=\s*(?:[,:;.]|$|at\b))/i, (m) => {
    const p = { hourly: 'PT1H', weekly: 'P7D', monthly: 'P1M', yearly: 'P1Y', annually: 'P1Y' }[m[1].toLowerCase() as 'hourly'];
    return { cycle: `R/${p}`, name: m[1][0].toUpperCase() + m[1].slice(1).toLowerCase() };
  }],
  [/\bonce (?:a|an|per|every) (day|week|month|year|hour)\b/i, (m) => {
    const p = { hour: 'PT1H', day: 'P1D', week: 'P7D', month: 'P1M', year: 'P1Y' }[m[1].toLowerCase() as 'day'];
    return { cycle: `R/${p}`, name: `Once a ${m[1].toLowerCase()}` };
  }],
];

/** The first schedule said in the text, with where it stands (to take it out of the words). */
export function findSchedule(text: string): Schedule | undefined {
  let best: Schedule | undefined;
  for (const [re, make] of RULES) {
    const m = re.exec(text);
    if (!m) continue;
    const made = make(m);
    if (made && (!best || m.index < best.index)) best = { ...made, index: m.index, length: m[0].length };
  }
  return best;
}
