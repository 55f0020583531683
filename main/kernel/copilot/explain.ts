/**
 * Explain a diagram: a compact text form of the process (elements, flows with their conditions,
 * topics and inputs) — read with bpmn-moddle, so any BPMN works, not only drafts — and a streamed
 * answer of the model in plain words.
 */
import { randomUUID } from 'node:crypto';
import { BpmnModdle } from 'bpmn-moddle';
import { ApiError, type ExplainResult, type KernelEvent } from '../../../common/contract';
import { chatStream } from './model';

interface El {
  $type: string; id: string; name?: string; $attrs?: Record<string, string>;
  flowElements?: El[]; sourceRef?: El; targetRef?: El; conditionExpression?: { body?: string }; default?: El;
  extensionElements?: { values?: { $type: string; $children?: { $attrs?: Record<string, string>; name?: string; $body?: string }[] }[] };
}

const label = (e: El) => `${e.id}${e.name ? ` "${e.name.replace(/\s+/g, ' ')}"` : ''}`;
const kind = (t: string) => t.replace(/^bpmn:/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** The process as a few lines of text a small model can read. */
export async function processText(xml: string): Promise<string> {
  let root;
  try {
    ({ rootElement: root } = await new BpmnModdle().fromXML(xml, 'bpmn:Definitions'));
  } catch (err) {
    throw new ApiError(`this is not BPMN that can be read: ${(err as Error).message.split('\n')[0]}`);
  }
  const processes = ((root as unknown as { rootElements?: El[] }).rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
  if (!processes.length) throw new ApiError('the diagram contains no process');
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

export interface ExplainDeps { ollamaUrl: string; defaultModel: string; emit: (e: KernelEvent) => void; signal?: AbortSignal }

export async function explainProcess(xml: string, opts: { model?: string; requestId?: string }, deps: ExplainDeps): Promise<ExplainResult> {
  const started = performance.now();
  const requestId = opts.requestId ?? randomUUID();
  const model = opts.model || deps.defaultModel;
  const text = await processText(xml);
  try {
    const answer = await chatStream({
      url: deps.ollamaUrl, model, requestId, emit: deps.emit, signal: deps.signal, maxTokens: 300,
      messages: [
        { role: 'system', content: 'You explain business processes in plain words to people who do not know BPMN: what starts it, the steps in order, who or what does each step, the decisions and when each branch is taken, and how it ends. Be short.' },
        { role: 'user', content: `Explain this process:\n${text}` },
      ],
    });
    return { answer: answer.text, model, requestId, processText: text, durationMs: Math.round(performance.now() - started) };
  } finally {
    deps.emit({ type: 'ai-token', requestId, token: '', done: true, at: Date.now() });
  }
}
