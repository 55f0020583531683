/**
 * Explain a diagram, in phases like a draft: reading (the diagram, step by step, from the diagram
 * itself: outline.ts — every step and decision is named whatever the model says), wording (the
 * model's short summary, streamed), done. The answer is the summary, then the steps.
 */
import { randomUUID } from 'node:crypto';
import type { CopilotPhase, ExplainResult, KernelEvent } from '../../../common/contract';
import { CanceledError, chatStream, modelBudget } from './model';

/** How long the model may take to sum a diagram up; past it the answer is the steps alone. */
const SUMMARY_SECONDS = Number(process.env.PROCOS_EXPLAIN_SUMMARY_SECONDS ?? 30);
import { outlineOf, readProcesses, type El } from './outline';

const label = (e: El) => `${e.id}${e.name ? ` "${e.name.replace(/\s+/g, ' ')}"` : ''}`;
const kind = (t: string) => t.replace(/^bpmn:/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** The process as a few lines of text a small model can read (elements, then flows with their conditions). */
export async function processText(xml: string): Promise<string> {
  const processes = await readProcesses(xml);
  const lines: string[] = [];
  const walk = (p: El, indent: string) => {
    lines.push(`${indent}Process ${label(p)}`);
    const elements = p.flowElements ?? [];
    for (const e of elements.filter((x) => x.$type !== 'bpmn:SequenceFlow')) {
      const topic = e.$attrs?.['camunda:topic'];
      const inputs = (e.extensionElements?.values ?? []).flatMap((v) => v.$children ?? [])
        .map((c) => c.$attrs?.name ?? c.name).filter(Boolean);
      lines.push(`${indent}- ${kind(e.$type)} ${label(e)}${topic ? ` topic ${topic}` : ''}${inputs.length ? ` inputs ${inputs.join(', ')}` : ''}`);
      if (e.$type === 'bpmn:SubProcess') walk(e, `${indent}  `);
    }
    for (const f of elements.filter((x) => x.$type === 'bpmn:SequenceFlow')) {
      const condition = f.conditionExpression?.body?.trim();
      const isDefault = (f.sourceRef as El | undefined)?.default?.id === f.id;
      lines.push(`${indent}- flow ${f.sourceRef?.id ?? '?'} -> ${f.targetRef?.id ?? '?'}${f.name ? ` "${f.name}"` : ''}${condition ? ` when ${condition}` : ''}${isDefault ? ' (default)' : ''}`);
    }
  };
  processes.forEach((p) => walk(p, ''));
  return lines.join('\n').slice(0, 6000);
}

export interface ExplainDeps { ollamaUrl: string; ollamaThreads?: number; defaultModel: string; emit: (e: KernelEvent) => void; signal?: AbortSignal }

export async function explainProcess(xml: string, opts: { model?: string; requestId?: string }, deps: ExplainDeps): Promise<ExplainResult> {
  const started = performance.now();
  const requestId = opts.requestId ?? randomUUID();
  const model = opts.model || deps.defaultModel;
  const phase = (name: CopilotPhase, detail: string) =>
    deps.emit({ type: 'copilot', requestId, task: 'explain', phase: name, elapsedMs: Math.round(performance.now() - started), detail, at: Date.now() });
  phase('reading', 'reading the diagram');
  const processes = await readProcesses(xml);
  const steps = outlineOf(processes);
  const text = await processText(xml);
  phase('wording', `${model} sums it up`);
  // the summary has a time budget: a stop from the person still stops the explanation
  const budget = modelBudget(SUMMARY_SECONDS, deps.signal);
  try {
    let summary: string;
    try {
      summary = (await chatStream({
        url: deps.ollamaUrl, threads: deps.ollamaThreads, model, requestId, emit: deps.emit, signal: budget.signal, maxTokens: 100,
        messages: [
          { role: 'system', content: 'You explain business processes in plain words to people who do not know BPMN. In two or three sentences: what starts the process, what it does, and how it ends. No lists.' },
          { role: 'user', content: `The process, step by step:\n${steps}\n\nIts elements:\n${text}` },
        ],
      })).text.trim();
    } catch (err) {
      if (!(err instanceof CanceledError) || !budget.late()) throw err;
      summary = `(${model} took longer than ${SUMMARY_SECONDS} s to sum it up.)`;
    }
    phase('done', 'explained');
    return { answer: `${summary}\n\nStep by step:\n${steps}`, summary, steps, model, requestId, processText: text, durationMs: Math.round(performance.now() - started) };
  } finally {
    budget.end();
    deps.emit({ type: 'ai-token', requestId, token: '', done: true, at: Date.now() });
  }
}
