/**
 * The reading of a description: a deterministic plan built from its words, in the order they are
 * said. Sentences and clauses (clauses.ts) become steps (step.ts); "if …, … otherwise …" becomes a
 * decision whose branches run to the end of the sentence; "while" / "at the same time" a parallel
 * block; "for each order" loops the steps after it in its sentence; the opening words give the start
 * (trigger.ts). Conditions name variables from the words (if-clause.ts); where a step before the
 * decision sets the variable (http_status of a web call), it is used; where a person's step comes
 * right before, the person's form asks for it (a boolean `approved` after "the manager approves it").
 */
import { topic as topicDef } from '../../../../common/topics';
import { parseCondition } from '../conditions';
import { plainText, USER_TOPIC, type DecisionStep, type FormField, type Loop, type Plan, type Step, type TaskStep } from '../plan';
import { clauses, sentences, type Clause } from './clauses';
import { conditionText, readBareComparison, readIf, type ReadCondition } from './if-clause';
import { readClause, type ReadContext } from './step';
import { objectName, opening, readTrigger } from './trigger';
import { capitalise, variableFrom, verbBase } from './words';

function decisionName(c: ReadCondition, variable: string, boolean: boolean): string {
  if (boolean) return `${capitalise(variable.replace(/_/g, ' '))}?`;
  const words = c.words.replace(/^(?:the|a|an)\s+/i, '').replace(/^there (?:is|are)\s+/i, '');
  return `${capitalise(c.variable ? words : `${variable.replace(/_/g, ' ')} ${words}`)}?`.slice(0, 60);
}

function decision(c: ReadCondition | undefined, words: string, variable: string | undefined, then: Step[], otherwise: Step[] | undefined): DecisionStep {
  if (!c || !variable) {
    // no comparison in the words: the branch keeps them (as plain words) as its condition, which to-bpmn reports
    const said = plainText(words.replace(/^if\s+/i, ''), 120);
    return { kind: 'decision', name: `${capitalise(said)}?`.slice(0, 60), branches: [
      { condition: said, label: said.slice(0, 40), steps: then },
      { label: 'otherwise', steps: otherwise ?? [] },
    ] };
  }
  const boolean = typeof c.value === 'boolean';
  return {
    kind: 'decision', name: decisionName(c, variable, boolean),
    branches: [
      { condition: conditionText(variable, c), label: boolean ? (c.value ? 'yes' : 'no') : c.words.replace(/^(?:the|a|an)\s+/i, '').slice(0, 40), steps: then },
      { label: boolean ? (c.value ? 'no' : 'yes') : 'otherwise', steps: otherwise ?? [] },
    ],
  };
}

/** The steps of a run of clauses (a sentence, or a branch of one). */
function readBlock(list: Clause[], ctx: ReadContext, inherited?: Loop): Step[] {
  const out: Step[] = [];
  const cls = [...list];
  let loop = inherited;
  let parallelOpen = false;
  for (let i = 0; i < cls.length; i++) {
    const c = cls[i];
    // "When it is down, …" after the start is a condition like "if"
    const whenAsIf = /^when\s/i.test(c.text) && readClause(c.text, { ...ctx, aiOutputs: [] }).kind !== 'join' && readIf(c.text.replace(/^when\s/i, 'if ')) ? c.text.replace(/^when\s/i, 'if ') : undefined;
    if (whenAsIf) cls[i] = { ...c, text: whenAsIf };
    const ifWords = /^if\s/i.test(cls[i].text);
    const bareComparison = !ifWords ? readBareComparison(c.text) : undefined;
    const checked = bareComparison && out.at(-1)?.kind === 'task' && /^check\s+(?:the\s+)?(.+)$/i.exec((out.at(-1) as TaskStep).words.trim());
    if (ifWords || checked) {
      const cond = ifWords ? readIf(cls[i].text) : bareComparison;
      if (cond?.unread) ctx.notes.push(`"${cls[i].text}": only "${cond.words.replace(` ${cond.unread}`, '')}" was read as the condition, not "${cond.unread}"; edit the gateway's conditions if it matters`);
      const rest = cls.slice(i + 1);
      const elseAt = rest.findIndex((x) => x.joint === 'else');
      const thenClauses = elseAt < 0 ? rest : rest.slice(0, elseAt);
      const elseClauses = elseAt < 0 ? undefined : rest.slice(elseAt).map((x, k) => (k === 0 ? { ...x, joint: 'seq' as const } : x));
      const firstThen = cond?.rest ? [{ text: cond.rest, joint: 'seq' as const }] : [];
      let variable = cond?.variable;
      if (checked) { out.pop(); variable = variableFrom(checked[1]); }
      const actor = ctx.actor;
      const then = readBlock([...firstThen, ...thenClauses], ctx, loop);
      ctx.actor = actor;
      const otherwise = elseClauses && readBlock(elseClauses, ctx, loop);
      out.push(decision(cond, cond?.words ?? cls[i].text, variable, then, otherwise));
      break; // the branches run to the end of the sentence
    }
    const read = readClause(c.text, ctx, loop);
    if (read.kind === 'nothing') continue;
    if (read.kind === 'join') { parallelOpen = false; continue; }
    if (read.kind === 'loop') {
      loop = read.loop;
      if (read.rest) cls.splice(i + 1, 0, { text: read.rest, joint: c.joint });
      continue;
    }
    const step = read.step;
    const previous = out.at(-1);
    if (c.joint === 'par' && previous) {
      if (parallelOpen && previous.kind === 'parallel') previous.branches.push({ label: '', steps: [step] });
      else out[out.length - 1] = { kind: 'parallel', name: 'At the same time', branches: [{ label: '', steps: [previous] }, { label: '', steps: [step] }] };
      parallelOpen = true;
    } else {
      out.push(step);
      parallelOpen = false;
    }
  }
  return out;
}

const lastDecision = (steps: Step[]) => {
  const last = steps.at(-1);
  return last?.kind === 'decision' && !last.branches.some((b) => !b.condition && b.steps.length) ? last : undefined;
};

/** The variables a step sets when it is done: its topic's outputs, its form's fields, its loop's element. */
function produces(step: TaskStep): string[] {
  const outputs = step.topic === USER_TOPIC ? [] : topicDef(step.topic)?.outputs.map((o) => o.name) ?? [];
  return [...outputs, ...step.form.map((f) => f.id), ...(step.each ? [step.each.element] : [])];
}

const fieldType = (value: number | boolean | string): FormField['type'] => (typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'long' : 'string');

/** Names each condition's variable after what sets it before the decision; asks a person's form for it. */
function settle(steps: Step[], produced: Set<string>) {
  steps.forEach((step, i) => {
    if (step.kind === 'task') produces(step).forEach((v) => produced.add(v));
    if (step.kind !== 'decision' && step.kind !== 'parallel') return;
    if (step.kind === 'decision') {
      for (const branch of step.branches) {
        const c = branch.condition ? parseCondition(branch.condition) : undefined;
        if (c?.kind !== 'compare' || produced.has(c.variable)) continue;
        const alias = [...produced].find((p) => p.endsWith(`_${c.variable}`) || p === c.variable.replace(/_/g, ''));
        const before = steps[i - 1];
        if (alias) {
          branch.condition = conditionText(alias, c);
        } else if (before?.kind === 'task' && before.topic === USER_TOPIC) {
          before.form.push({ id: c.variable, label: `${capitalise(c.variable.replace(/_/g, ' '))}${typeof c.value === 'boolean' ? '?' : ''}`, type: fieldType(c.value) });
          produced.add(c.variable);
        }
      }
    }
    const after = new Set(produced);
    for (const branch of step.branches) {
      const inner = new Set(produced);
      settle(branch.steps, inner);
      inner.forEach((v) => after.add(v));
    }
    after.forEach((v) => produced.add(v));
  });
}

/** What a clause's words are about: "fetch the list of open orders from …" → "open orders", named "Open orders". */
function aboutWords(text: string): { noun: string; name: string } | undefined {
  const words = text.replace(/^(?:ask|have|let|get)\s+(?:the\s+)?(?:ai|model)(?:\s+model)?\s+to\s+/i, '')
    .replace(/\s*,?\s*\b(?:with|using|by)\s+(?:the\s+)?(?:ai|model)(?:\s+model)?\b/i, '').trim().split(/\s+/);
  // an order even with a verb the reading does not know: "Handle a travel request"
  const verb = verbBase(words[0]) ?? (/^(?:a|an|the)$/i.test(words[1] ?? '') && !/^(?:a|an|the)$/i.test(words[0]) ? words[0].toLowerCase() : undefined);
  if (verb === 'wait') {
    const what = words.slice(1).join(' ').replace(/^(?:for|until)\s+(?:the\s+)?/i, '').replace(/\s+(?:from|by|of)\s+.*$/i, '');
    return what ? { noun: what.toLowerCase(), name: capitalise(what) } : undefined;
  }
  return objectName(verb, words.slice(verb ? 1 : 0).join(' '));
}

/** The plan a description's words give, whatever a model may add later. */
export function readDescription(description: string): Plan {
  const open = opening(description);
  const list = sentences(open.text);
  const first = list.length ? clauses(list[0]) : [];
  const trigger = first.length ? readTrigger(first[0].text, first.length === 1 ? 'alone' : first[1]?.joint === 'seq' ? 'first' : undefined) : undefined;
  const titleIsAnOrder = !!open.title && (!!verbBase(open.title.split(/\s+/)[0]) || /^[A-Z][a-z]+\s+(?:a|an|the)\s/.test(open.title));
  const firstWords = trigger ? undefined : open.title && !titleIsAnOrder ? { noun: open.title.toLowerCase(), name: open.title }
    : aboutWords(titleIsAnOrder ? open.title! : first[0]?.text ?? '');
  const ctx: ReadContext = { subject: trigger?.subject ?? firstWords?.noun.replace(/\s+(?:web page|page|api|website|endpoint|email)$/i, ''), aiOutputs: [], notes: [] };
  const steps: Step[] = [];
  list.forEach((sentence, index) => {
    let cls = index === 0 ? first : clauses(sentence);
    if (index === 0 && trigger) cls = cls.slice(1);
    if (!cls.length) return;
    const previous = lastDecision(steps);
    if (cls[0].joint === 'else' && previous) {
      const otherwise = previous.branches.find((b) => !b.condition)!;
      otherwise.steps.push(...readBlock([{ ...cls[0], joint: 'seq' }, ...cls.slice(1)], ctx));
      return;
    }
    if (cls[0].joint === 'par' && steps.length) cls = [{ ...cls[0], joint: 'par' }, ...cls.slice(1)];
    const block = readBlock(cls, ctx);
    if (cls[0].joint === 'par' && steps.length && block.length) {
      const previousStep = steps.pop()!;
      steps.push({ kind: 'parallel', name: 'At the same time', branches: [{ label: '', steps: [previousStep] }, { label: '', steps: [block[0]] }] }, ...block.slice(1));
    } else steps.push(...block);
  });
  settle(steps, new Set());
  const name = open.title ?? trigger?.processName ?? firstWords?.name ?? capitalise(open.text.split(/[.;:!?]/)[0].slice(0, 50));
  return {
    name,
    trigger: open.timer ? { name: open.timer.name, timer: open.timer.cycle } : { name: trigger?.startName ?? 'Start' },
    steps,
    notes: ctx.notes,
  };
}
