/**
 * Checking a plan and making it usable whatever the model returned: unknown topics become user
 * tasks (or the topic the step's words point at), unreadable conditions go to the default flow,
 * a decision without branches becomes a task, an empty plan a single user task named from the
 * description, and a topic the description names but the plan lacks is added. Every change is a
 * finding; the `problems` are what the repair round sends back to the model.
 */
import { topic } from '../../../common/topics';
import { parseCondition } from './conditions';
import { topicForName, type TopicHint } from './hints';
import { draftTopics, plainText, USER_TOPIC, type Finding, type Plan, type PlanStep, type PlanTask } from './plan';

export interface CheckedPlan { plan: Plan; findings: Finding[]; problems: string[] }

const warn = (message: string, element?: string): Finding => ({ message, element, severity: 'warning' });

export function nameFromDescription(description: string): string {
  const first = plainText(description, 200).split(/[.;:!?\n]/)[0].trim();
  const short = first.length > 50 ? `${first.slice(0, 50).replace(/\s+\S*$/, '')}…` : first;
  return short ? short[0].toUpperCase() + short.slice(1) : 'Do the work';
}

export function checkPlan(input: Plan, description: string, hints: TopicHint[]): CheckedPlan {
  const findings: Finding[] = [];
  const problems: string[] = [];
  const known = new Set(draftTopics());
  let count = 0;

  const fixTask = (t: PlanTask, where: string): PlanTask => {
    count++;
    const name = t.name || (t.topic && known.has(t.topic) ? topic(t.topic)!.description : '');
    if (!t.name) problems.push(`${where} has no name`);
    let chosen = t.topic;
    if (chosen !== USER_TOPIC && !known.has(chosen)) {
      const byName = topicForName(name);
      if (chosen) problems.push(`${where} "${name}": unknown topic "${chosen}"`);
      findings.push(warn(byName ? `"${name}": topic "${chosen || 'none'}" is not a ProcOS topic; used ${byName} (from its words)`
        : `"${name}": topic "${chosen || 'none'}" is not a ProcOS topic; it became a user task`, name || where));
      chosen = byName ?? USER_TOPIC;
    } else if (chosen === USER_TOPIC) {
      const byName = topicForName(name);
      if (byName) { findings.push(warn(`"${name}": its words point at topic ${byName}; used it instead of a user task`, name)); chosen = byName; }
    }
    const inputs: Record<string, string> = {};
    if (chosen !== USER_TOPIC) {
      const allowed = topic(chosen)!.inputs.map((i) => i.name);
      for (const [k, v] of Object.entries(t.inputs)) {
        if (allowed.includes(k)) inputs[k] = plainText(v, 500);
        else findings.push(warn(`"${name}": input "${k}" is not an input of ${chosen} (${allowed.join(', ') || 'none'}); left out`, name));
      }
    }
    return { name: name || `Step ${count}`, topic: chosen, inputs };
  };

  const steps: PlanStep[] = [];
  input.steps.forEach((s, i) => {
    const where = `step ${i + 1}`;
    if (s.kind === 'task' || !s.branches.length) {
      if (s.kind !== 'task') { problems.push(`${where} "${s.name}" is a ${s.kind} without branches`); findings.push(warn(`"${s.name}" is a ${s.kind} without branches; it became a task`, s.name)); }
      steps.push({ ...fixTask(s, where), kind: 'task', branches: [] });
      return;
    }
    const branches = s.branches.map((b, j) => {
      const bwhere = `${where} branch ${j + 1}`;
      if (s.kind === 'decision') {
        const c = parseCondition(b.if);
        if (c.kind === 'unreadable') problems.push(`${bwhere}: condition "${b.if}" ${c.reason}`);
      }
      return { if: b.if, steps: b.steps.map((t, k) => fixTask(t, `${bwhere} task ${k + 1}`)) };
    });
    if (s.kind === 'parallel' && branches.length < 2) {
      findings.push(warn(`"${s.name}" is a parallel block with one branch; its tasks run in sequence`, s.name));
      for (const t of branches[0].steps) steps.push({ ...t, kind: 'task', branches: [] });
      return;
    }
    steps.push({ kind: s.kind, name: s.name || (s.kind === 'decision' ? 'Decide' : 'At the same time'), topic: USER_TOPIC, inputs: {}, branches });
  });

  if (!steps.length) {
    problems.push('the plan has no steps');
    findings.push(warn('the model gave no steps; the draft has one user task named from the description'));
    steps.push({ kind: 'task', name: nameFromDescription(description), topic: USER_TOPIC, inputs: {}, branches: [] });
  }

  const used = new Set(steps.flatMap((s) => [s.topic, ...s.branches.flatMap((b) => b.steps.map((t) => t.topic))]));
  for (const hint of hints) {
    if (used.has(hint.topic)) continue;
    problems.push(`the description says "${hint.phrase}" but no step uses topic ${hint.topic}`);
    findings.push(warn(`the description says "${hint.phrase}": added a step on topic ${hint.topic}`, hint.clause || hint.topic));
    steps.push({ kind: 'task', name: hint.clause || topic(hint.topic)!.description, topic: hint.topic, inputs: {}, branches: [] });
  }
  return { plan: { name: input.name || nameFromDescription(description), steps }, findings, problems };
}
