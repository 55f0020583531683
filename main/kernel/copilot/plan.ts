/**
 * The plan the model is asked for: a process as a sequence of steps, where a step is a task, a
 * decision (branches, each with a condition in words like "amount > 500", one may be "otherwise")
 * or a parallel block (branches done at once). Branches hold plain tasks only, so every plan maps
 * to a well-formed BPMN block structure. The JSON schema constrains Ollama's answer (`format`);
 * `normalisePlan` turns whatever came back into a usable plan and names what it had to change.
 */
import { TOPICS } from '../../../common/topics';

/** The topic of a step that a person does (a user task). */
export const USER_TOPIC = 'user';
export const draftTopics = () => TOPICS.filter((t) => !t.internal).map((t) => t.name);

export interface PlanTask { name: string; topic: string; inputs: Record<string, string> }
export interface PlanBranch { if: string; steps: PlanTask[] }
export interface PlanStep extends PlanTask { kind: 'task' | 'decision' | 'parallel'; branches: PlanBranch[] }
export interface Plan { name: string; steps: PlanStep[] }

/** A problem found in a plan or a draft; `element` names the BPMN element (or the step) it is about. */
export interface Finding { message: string; element?: string; severity: 'error' | 'warning' }

export function planSchema(): Record<string, unknown> {
  const topic = { type: 'string', enum: [...draftTopics(), USER_TOPIC] };
  const inputs = { type: 'object', additionalProperties: { type: 'string' } };
  const task = { type: 'object', properties: { name: { type: 'string' }, topic, inputs }, required: ['name', 'topic', 'inputs'] };
  return {
    type: 'object',
    properties: {
      name: { type: 'string' },
      steps: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            kind: { type: 'string', enum: ['task', 'decision', 'parallel'] },
            name: { type: 'string' }, topic, inputs,
            branches: { type: 'array', items: { type: 'object', properties: { if: { type: 'string' }, steps: { type: 'array', items: task } }, required: ['if', 'steps'] } },
          },
          required: ['kind', 'name', 'topic', 'inputs', 'branches'],
        },
      },
    },
    required: ['name', 'steps'],
  };
}

/**
 * Parses the model's text as JSON; an answer cut off by the token limit is closed at its last
 * complete value. undefined when nothing usable is there.
 */
export function parseModelJson(text: string): unknown {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  const body = text.slice(start);
  try { return JSON.parse(body); } catch { /* cut off: close it below */ }
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let lastGood = -1;
  let closersAtGood = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      stack.pop();
      lastGood = i;
      closersAtGood = [...stack].reverse().join('');
    }
  }
  if (lastGood < 0) return undefined;
  const candidate = body.slice(0, lastGood + 1) + closersAtGood;
  try { return JSON.parse(candidate.replace(/,\s*([}\]])/g, '$1')); } catch { return undefined; }
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});

/** Text from the model as plain words: no expression markers, no control characters, bounded. */
export function plainText(v: unknown, max = 80): string {
  return str(v).replace(/[$#]\{/g, '(').replace(/[\p{Cc}]/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

function task(raw: unknown): PlanTask {
  const t = obj(raw);
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(t.inputs))) inputs[k] = str(typeof v === 'object' && v !== null ? JSON.stringify(v) : v);
  return { name: plainText(t.name), topic: str(t.topic).trim(), inputs };
}

/** Any JSON value → a Plan (missing parts become empty), plus nothing else: checking is checkPlan's job. */
export function toPlan(raw: unknown): Plan {
  const p = obj(raw);
  const steps = arr(p.steps).map((s): PlanStep => {
    const step = obj(s);
    const kind = (['task', 'decision', 'parallel'] as const).find((k) => k === str(step.kind).trim().toLowerCase()) ?? 'task';
    const branches = arr(step.branches).map((b): PlanBranch => ({ if: plainText(obj(b).if, 120), steps: arr(obj(b).steps).map(task) }));
    return { ...task(step), kind, branches };
  });
  return { name: plainText(p.name), steps };
}
