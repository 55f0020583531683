/**
 * How well a draft follows its description, scored against what a person expects
 * (copilot-descriptions.json): the steps in order, each with its topic or a person and a word of its
 * name (plus timers, waits, parallel blocks and loops), the decisions with the variable they test,
 * and the words the process name must carry. Read from the draft's BPMN (what a person gets), in the
 * order a run meets the elements. A step or decision the person did not expect counts against the
 * draft: it adds to the total without adding a match.
 */
import { inOrder, readProcesses } from '../../main/kernel/copilot/outline';

export interface ExpectedStep {
  /** a topic (or one of several) and a word of the step's name */
  topic?: string | string[];
  word?: string;
  /** a person's step (user task) with this word in its name */
  person?: string;
  /** a step of any kind with this word in its name */
  any?: string;
  timer?: 'start' | 'wait';
  message?: 'wait';
  /** a parallel block of at least this many branches */
  parallel?: number;
  /** the step runs once per element of a list */
  each?: boolean;
  /** fine either way: counts when it is there, not when it is not */
  optional?: boolean;
}
export interface BenchDescription {
  description: string;
  expect: { name: string[]; steps: ExpectedStep[]; decisions: string[] };
  /** set on descriptions written after the reading was built (a check that it is no fit to the others) */
  written?: string;
}

export interface DraftItem { kind: 'task' | 'timer-start' | 'timer-wait' | 'message-wait' | 'parallel' | 'decision'; name: string; topic?: string; each?: boolean; branches?: number; variables?: string[] }
export interface Fidelity { steps: [number, number]; decisions: [number, number]; names: [number, number]; misses: string[] }

/** The draft's process name and its elements in the order a run meets them (a join after all its branches). */
export async function draftItems(xml: string): Promise<{ processName: string; items: DraftItem[] }> {
  const [process] = await readProcesses(xml);
  const order = inOrder(process.flowElements ?? []);
  const items: DraftItem[] = [];
  for (const e of order) {
    const name = e.name ?? '';
    const definition = e.eventDefinitions?.[0]?.$type;
    if (e.$type === 'bpmn:ServiceTask') items.push({ kind: 'task', name, topic: e.$attrs?.['camunda:topic'], each: !!e.loopCharacteristics });
    else if (e.$type === 'bpmn:UserTask') items.push({ kind: 'task', name, topic: 'user', each: !!e.loopCharacteristics });
    else if (e.$type === 'bpmn:StartEvent' && definition === 'bpmn:TimerEventDefinition') items.push({ kind: 'timer-start', name });
    else if (e.$type === 'bpmn:IntermediateCatchEvent') items.push({ kind: definition === 'bpmn:TimerEventDefinition' ? 'timer-wait' : 'message-wait', name });
    else if (e.$type === 'bpmn:ParallelGateway' && (e.outgoing ?? []).length > 1) items.push({ kind: 'parallel', name, branches: e.outgoing!.length });
    else if (e.$type === 'bpmn:ExclusiveGateway' && (e.outgoing ?? []).length > 1) {
      const variables = (e.outgoing ?? []).map((f) => /^\$\{\s*([A-Za-z_]\w*)/.exec(f.conditionExpression?.body ?? '')?.[1]).filter((v): v is string => !!v && v !== 'false');
      items.push({ kind: 'decision', name, variables });
    }
  }
  return { processName: process.name ?? process.id, items };
}

const has = (name: string, word?: string) => !word || name.toLowerCase().includes(word.toLowerCase());

function matches(e: ExpectedStep, item: DraftItem): boolean {
  if (e.timer) return item.kind === (e.timer === 'start' ? 'timer-start' : 'timer-wait');
  if (e.message) return item.kind === 'message-wait';
  if (e.parallel) return item.kind === 'parallel' && (item.branches ?? 0) >= e.parallel;
  if (item.kind !== 'task' || (e.each && !item.each)) return false;
  if (e.person) return item.topic === 'user' && has(item.name, e.person);
  if (e.any) return has(item.name, e.any);
  const topics = Array.isArray(e.topic) ? e.topic : [e.topic];
  return topics.includes(item.topic) && has(item.name, e.word);
}

const describe = (e: ExpectedStep) => e.timer ? `timer ${e.timer}` : e.message ? 'message wait' : e.parallel ? `parallel ×${e.parallel}`
  : `${e.person ? `person "${e.person}"` : e.any ? `step "${e.any}"` : `${[e.topic].flat().join('|')}${e.word ? ` "${e.word}"` : ''}`}${e.each ? ' for each' : ''}`;

/** Scores a draft's items against what a person expects. */
export function score(expected: BenchDescription['expect'], processName: string, items: DraftItem[]): Fidelity {
  const misses: string[] = [];
  const used = new Set<number>();
  let position = 0;
  let stepHits = 0;
  let stepTotal = 0;
  for (const e of expected.steps) {
    const at = items.findIndex((item, i) => i >= position && !used.has(i) && matches(e, item));
    if (at >= 0) { used.add(at); position = at + 1; stepHits++; stepTotal++; continue; }
    if (!e.optional) { stepTotal++; misses.push(`missing ${describe(e)}`); }
  }
  const countable = (item: DraftItem) => item.kind !== 'decision' && item.kind !== 'parallel';
  items.forEach((item, i) => { if (countable(item) && !used.has(i)) { stepTotal++; misses.push(`unexpected ${item.kind === 'task' ? `${item.topic} "${item.name}"` : item.kind}`); } });

  const decisions = items.filter((i) => i.kind === 'decision');
  const taken = new Set<number>();
  let decisionHits = 0;
  for (const word of expected.decisions) {
    const at = decisions.findIndex((d, i) => !taken.has(i) && (d.variables ?? []).some((v) => v.toLowerCase().includes(word.toLowerCase())));
    if (at >= 0) { taken.add(at); decisionHits++; } else misses.push(`no decision on "${word}"`);
  }
  const extraDecisions = decisions.length - taken.size;
  decisions.forEach((d, i) => { if (!taken.has(i)) misses.push(`unexpected decision "${d.name}" (${(d.variables ?? []).join(', ')})`); });

  const nameHits = expected.name.filter((w) => processName.toLowerCase().includes(w.toLowerCase())).length;
  expected.name.filter((w) => !processName.toLowerCase().includes(w.toLowerCase())).forEach((w) => misses.push(`name "${processName}" lacks "${w}"`));
  return {
    steps: [stepHits, stepTotal], decisions: [decisionHits, expected.decisions.length + extraDecisions],
    names: [nameHits, expected.name.length], misses,
  };
}

/** The share of everything expected that the draft has, in %. */
export const fidelityPercent = (f: Pick<Fidelity, 'steps' | 'decisions' | 'names'>[]) => {
  const sum = (k: 'steps' | 'decisions' | 'names', i: 0 | 1) => f.reduce((a, x) => a + x[k][i], 0);
  const hits = sum('steps', 0) + sum('decisions', 0) + sum('names', 0);
  const total = sum('steps', 1) + sum('decisions', 1) + sum('names', 1);
  return total ? (100 * hits) / total : 0;
};
