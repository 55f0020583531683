/**
 * Draft from words, in four phases, each announced as a `copilot` event with the time since the
 * request: reading (the description's words → a plan, reading/), structure (the plan as laid-out
 * BPMN: the diagram can be shown at once), wording (the model fills in names, subjects and
 * instructions, each checked against the plan: wording.ts), checking (validation, the audit, the
 * engine's own parse). The model never decides the structure, so a draft follows the words whatever
 * it answers — and when it does not answer at all, the draft keeps the description's own words.
 */
import { randomUUID } from 'node:crypto';
import type { CopilotPhase, DraftInput, DraftResult, KernelEvent } from '../../../common/contract';
import { checkDraft, layout } from './audit';
import { CanceledError, chatStream, modelBudget, parseModelJson } from './model';
import { allSteps, type Finding, type Plan } from './plan';
import { readDescription } from './reading/read';
import { planToBpmn } from './to-bpmn';
import { applyWording, slotsFor, wordingMessages, wordingSchema, type Wording } from './wording';

/** How long the model may take to word a draft; past it the draft keeps the description's own words. */
const WORDING_SECONDS = Number(process.env.PROCOS_DRAFT_WORDING_SECONDS ?? 15);

/** Models this small word a draft roughly: the result says so and suggests a larger one. */
export const SMALL_MODEL = /(135m|360m|0\.5b|:0?\.?[1-5]b\b|tinyllama|smollm)/i;
export const LARGER_MODEL_HINT = 'qwen2.5:7b or llama3.1:8b (ollama pull, then choose it)';

export interface DraftDeps {
  ollamaUrl: string;
  /** the CPU threads the model computes on (setting `ollama.threads`) */
  ollamaThreads?: number;
  defaultModel: string;
  emit: (e: KernelEvent) => void;
  signal?: AbortSignal;
  /** the engine's own parse of the XML (deploy and remove again); errors as findings */
  engineCheck?: (xml: string, processId: string) => Promise<Finding[]>;
}

const count = (plan: Plan, kind: string) => [...allSteps(plan.steps)].filter((s) => s.kind === kind).length;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function structureText(plan: Plan): string {
  const parts = [plural(count(plan, 'task'), 'step'), plural(count(plan, 'decision'), 'decision')];
  if (count(plan, 'parallel')) parts.push(plural(count(plan, 'parallel'), 'parallel block'));
  if (count(plan, 'wait')) parts.push(plural(count(plan, 'wait'), 'wait'));
  if (plan.trigger.timer) parts.push(`starts ${plan.trigger.name.toLowerCase()}`);
  return parts.join(', ');
}

/** Asks the model for the wording; what it cannot give leaves the words as they are. */
async function word(plan: Plan, input: DraftInput, model: string, requestId: string, deps: DraftDeps, progress: (detail: string) => void): Promise<Wording & { note?: string }> {
  const slots = slotsFor(plan, !SMALL_MODEL.test(model));
  let tokens = 0;
  let shown = Date.now();
  const emit = (e: KernelEvent) => {
    if (e.type !== 'ai-token' || !e.token) return;
    tokens++;
    if (Date.now() - shown >= 1000) { shown = Date.now(); progress(`${model} writes ${plural(slots.length, 'text')}: ${plural(tokens, 'token')} so far`); }
  };
  // the wording has a time budget: a stop from the person still stops the whole draft
  const budget = modelBudget(WORDING_SECONDS, deps.signal);
  let last: Wording | undefined;
  try {
    for (let round = 0; round <= input.repairs; round++) {
      const { text } = await chatStream({
        url: deps.ollamaUrl, threads: deps.ollamaThreads, model, format: wordingSchema(slots), maxTokens: 60 + 40 * slots.length, requestId, emit, signal: budget.signal,
        messages: wordingMessages(input.description, slots),
      });
      const answer = parseModelJson(text);
      last = applyWording(plan, slots, answer, input.description);
      if (answer !== undefined) return last;
    }
  } catch (err) {
    if (err instanceof CanceledError && !budget.late()) throw err;
    const why = budget.late() ? `the model took longer than ${WORDING_SECONDS} s` : `the model did not answer (${(err as Error).message})`;
    return { slots, accepted: 0, rejected: slots.map((slot) => `${slot.ask}: no answer (${why})`), note: `${why}; the draft keeps the description's own words` };
  } finally {
    budget.end();
  }
  return last ?? { slots, accepted: 0, rejected: slots.map((slot) => `${slot.ask}: no answer`) };
}

export async function draftProcess(input: DraftInput, deps: DraftDeps): Promise<DraftResult> {
  const started = performance.now();
  const requestId = input.requestId ?? randomUUID();
  const model = input.model || deps.defaultModel;
  const timings: { phase: CopilotPhase; ms: number }[] = [];
  let current: { phase: CopilotPhase; at: number } | undefined;
  const elapsed = () => Math.round(performance.now() - started);
  const phase = (name: CopilotPhase, detail: string, xml?: string) => {
    const now = performance.now();
    if (current && current.phase !== name) timings.push({ phase: current.phase, ms: Math.round(now - current.at) });
    if (current?.phase !== name) current = { phase: name, at: now };
    deps.emit({ type: 'copilot', requestId, task: 'draft', phase: name, elapsedMs: elapsed(), detail, ...(xml ? { xml } : {}), at: Date.now() });
  };

  phase('reading', 'reading the description');
  const plan = readDescription(input.description);
  const skeleton = planToBpmn(plan);
  const skeletonXml = await layout(skeleton.xml);
  phase('structure', structureText(plan), skeletonXml);
  const firstDiagramMs = elapsed();

  phase('wording', `${model} fills in names, subjects and instructions`);
  const wording = await word(plan, input, model, requestId, deps, (detail) => phase('wording', detail));

  const built = planToBpmn(plan);
  const xml = await layout(built.xml);
  phase('checking', 'validating the draft and letting the engine parse it', xml);
  const fileName = `${built.processId}.bpmn`;
  const findings: Finding[] = [...built.findings, ...await checkDraft(fileName, xml)];
  if (!findings.some((f) => f.severity === 'error') && deps.engineCheck) findings.push(...await deps.engineCheck(xml, built.processId));
  if (wording.note) findings.push({ severity: 'warning', message: wording.note });
  const valid = !findings.some((f) => f.severity === 'error' && !/never taken/.test(f.message));
  phase('done', valid ? `a valid draft: ${structureText(plan)}` : `a draft with ${plural(findings.filter((f) => f.severity === 'error').length, 'error')}`);
  timings.push({ phase: 'done', ms: 0 });
  const small = SMALL_MODEL.test(model);
  return {
    xml, fileName, processKey: built.processId, valid, findings, startVariables: built.startVariables, plan,
    wording: { asked: wording.slots.length, accepted: wording.accepted, rejected: wording.rejected },
    model, requestId, durationMs: elapsed(), firstDiagramMs, timings: timings.filter((t) => t.phase !== 'done'),
    qualityNote: small ? `${model} is a very small model: the structure comes from your words, the model only words names, subjects and instructions (and what it gets wrong is left out). For better wording use a larger local model, e.g. ${LARGER_MODEL_HINT}.` : undefined,
  };
}
