/**
 * Draft from words: ask the model for a plan (JSON schema via Ollama `format`), make it usable
 * (check.ts), turn it into BPMN (to-bpmn.ts), lay it out and check it (audit.ts), optionally let
 * the engine parse it (`engineCheck`). Problems go back to the model for up to `repairs` rounds;
 * the best attempt is returned with whatever still fails as findings, each naming its element.
 * Whatever the model says, the result is a valid draft: the fallbacks see to that.
 */
import { randomUUID } from 'node:crypto';
import type { DraftInput, DraftResult, KernelEvent } from '../../../common/contract';
import { checkDraft, layout } from './audit';
import { checkPlan } from './check';
import { topicHints } from './hints';
import { chatStream } from './model';
import { parseModelJson, planSchema, toPlan, type Finding } from './plan';
import { planMessages } from './prompt';
import { planToBpmn } from './to-bpmn';

/** Models this small give drafts of low quality: the result says so and suggests a larger one. */
const SMALL_MODEL = /(135m|360m|0\.5b|:0?\.?[1-5]b\b|tinyllama|smollm)/i;
export const LARGER_MODEL_HINT = 'qwen2.5:7b or llama3.1:8b (ollama pull, then choose it)';
const PLAN_TOKENS = Number(process.env.PROCOS_DRAFT_TOKENS ?? 700);

export interface DraftDeps {
  ollamaUrl: string;
  defaultModel: string;
  emit: (e: KernelEvent) => void;
  signal?: AbortSignal;
  /** the engine's own parse of the XML (deploy and remove again); errors as findings */
  engineCheck?: (xml: string, processId: string) => Promise<Finding[]>;
}

interface Attempt { result: Omit<DraftResult, 'attempts' | 'durationMs' | 'requestId' | 'model' | 'qualityNote'>; problems: string[]; answer: string }

async function build(description: string, answer: string, deps: DraftDeps): Promise<Attempt> {
  const hints = topicHints(description);
  const raw = parseModelJson(answer);
  const parsed = raw !== undefined && Array.isArray((raw as { steps?: unknown }).steps);
  const checked = checkPlan(toPlan(raw ?? {}), description, hints);
  const problems = [...(parsed ? [] : ['the answer was not a JSON plan with "steps"']), ...checked.problems];
  const built = planToBpmn(checked.plan);
  const xml = await layout(built.xml);
  const fileName = `${built.processId}.bpmn`;
  const findings: Finding[] = [...checked.findings, ...built.findings, ...await checkDraft(fileName, xml)];
  if (!findings.some((f) => f.severity === 'error') && deps.engineCheck) findings.push(...await deps.engineCheck(xml, built.processId));
  problems.push(...findings.filter((f) => f.severity === 'error').map((f) => `${f.element ? `${f.element}: ` : ''}${f.message}`));
  const valid = !findings.some((f) => f.severity === 'error' && !/never taken/.test(f.message));
  return {
    result: { xml, fileName, processKey: built.processId, valid, parsed, findings, startVariables: built.startVariables, plan: checked.plan },
    problems, answer,
  };
}

export async function draftProcess(input: DraftInput, deps: DraftDeps): Promise<DraftResult> {
  const started = performance.now();
  const requestId = input.requestId ?? randomUUID();
  const model = input.model || deps.defaultModel;
  const hints = topicHints(input.description);
  let best: Attempt | undefined;
  let attempts = 0;
  const score = (a: Attempt) => (a.result.parsed ? 0 : 100) + a.problems.length;
  try {
    for (let round = 0; round <= input.repairs; round++) {
      attempts++;
      const repair = best && { plan: best.answer, problems: best.problems };
      const { text } = await chatStream({
        url: deps.ollamaUrl, model, format: planSchema(), maxTokens: PLAN_TOKENS, requestId, emit: deps.emit, signal: deps.signal,
        messages: planMessages(input.description, hints, repair),
      });
      const attempt = await build(input.description, text, deps);
      if (!best || score(attempt) < score(best)) best = attempt;
      if (!best.problems.length) break;
      if (round < input.repairs) deps.emit({ type: 'ai-token', requestId, token: `\n[repair ${round + 1}: ${best.problems.length} problem(s)]\n`, at: Date.now() });
    }
  } finally {
    deps.emit({ type: 'ai-token', requestId, token: '', done: true, at: Date.now() });
  }
  const small = SMALL_MODEL.test(model);
  return {
    ...best!.result, attempts, requestId, model, durationMs: Math.round(performance.now() - started),
    qualityNote: small ? `${model} is a very small model: expect a rough draft (steps missed, topics guessed by keywords). For better drafts use a larger local model, e.g. ${LARGER_MODEL_HINT}.` : undefined,
  };
}
