/**
 * The plan of a draft: what the reading of a description (reading/) builds and to-bpmn.ts turns into
 * BPMN. A process starts (on its own, or by a timer) and runs a block of steps; a step is a task (a
 * topic's worker, or a person: USER_TOPIC), a wait (a timer or a message), a decision (branches with
 * a condition each, one may be "otherwise") or a parallel block; branches hold blocks again, so every
 * plan maps to a well-formed BPMN block structure.
 */
import { TOPICS } from '../../../common/topics';

/** The topic of a step that a person does (a user task). */
export const USER_TOPIC = 'user';
export const draftTopics = () => TOPICS.filter((t) => !t.internal).map((t) => t.name);

/** An input of a task: a literal text, or the process variable of that name (asked for at start unless a step sets it). */
export type InputValue = { text: string } | { variable: string };
/** A field of a person's form (camunda:formData); what a decision after the person's step reads. */
export interface FormField { id: string; label: string; type: 'boolean' | 'long' | 'string' }
/** "for each order": the task runs once per element of the collection variable. */
export interface Loop { collection: string; element: string }

export interface TaskStep {
  kind: 'task'; name: string; topic: string; inputs: Record<string, InputValue>;
  /** who does it, for a person's step ("the manager") */
  actor?: string;
  each?: Loop;
  form: FormField[];
  /** the words of the description it was read from */
  words: string;
}
export interface WaitStep { kind: 'wait'; name: string; words: string; timer?: string; message?: string }
export interface Branch {
  /** a condition in the whitelist grammar ("priority > 3", "approved == true"); none: the otherwise branch */
  condition?: string;
  label: string;
  steps: Step[];
}
export interface DecisionStep { kind: 'decision'; name: string; branches: Branch[] }
export interface ParallelStep { kind: 'parallel'; name: string; branches: Branch[] }
export type Step = TaskStep | WaitStep | DecisionStep | ParallelStep;

export interface Trigger {
  name: string;
  /** a timer start event: an ISO 8601 repeating interval (R/PT1H) or a cron expression */
  timer?: string;
}
export interface Plan {
  name: string; trigger: Trigger; steps: Step[];
  /** words the reading could not take in, for the person to look at */
  notes?: string[];
}

/** A problem found in a plan or a draft; `element` names the BPMN element (or the step) it is about. */
export interface Finding { message: string; element?: string; severity: 'error' | 'warning' }

/** Every step of a block, depth first, in the order of the description. */
export function* allSteps(steps: Step[]): Generator<Step> {
  for (const step of steps) {
    yield step;
    if (step.kind === 'decision' || step.kind === 'parallel') for (const b of step.branches) yield* allSteps(b.steps);
  }
}

export const tasksOf = (plan: Plan) => [...allSteps(plan.steps)].filter((s): s is TaskStep => s.kind === 'task');

/** Text as plain words: no expression markers, no control characters, bounded. */
export function plainText(v: unknown, max = 80): string {
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  return s.replace(/[$#]\{/g, '(').replace(/[\p{Cc}]/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}
