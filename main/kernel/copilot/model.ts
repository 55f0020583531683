/**
 * One streamed chat with the local model for the copilot: tokens go out as `ai-token` events as
 * they arrive, an optional JSON schema constrains the answer (Ollama's structured output `format`),
 * and an AbortSignal stops it (Stop in the UI, `cancelAi` in the API).
 */
import { Ollama } from 'ollama';
import { ollamaRunnerOptions, type ChatMessage } from '../../../common/ai-providers';
import type { KernelEvent } from '../../../common/contract';

export interface ModelCall {
  url: string;
  model: string;
  /** the CPU threads the model computes on (setting `ollama.threads`; unset: Ollama's choice) */
  threads?: number;
  messages: ChatMessage[];
  /** a JSON schema the answer must follow */
  format?: Record<string, unknown>;
  maxTokens: number;
  requestId: string;
  emit: (e: KernelEvent) => void;
  signal?: AbortSignal;
}

export class CanceledError extends Error {
  constructor() { super('stopped on request'); }
}

/**
 * A model call's time budget: `signal` aborts after `seconds`, or at once when the person stops
 * (`stopped`, already aborted: CanceledError now); `late()` tells the two apart; `end()` clears it.
 */
export function modelBudget(seconds: number, stopped?: AbortSignal) {
  if (stopped?.aborted) throw new CanceledError();
  const budget = new AbortController();
  let late = false;
  const timer = setTimeout(() => { late = true; budget.abort(); }, seconds * 1000);
  const stop = () => budget.abort();
  stopped?.addEventListener('abort', stop, { once: true });
  return {
    signal: budget.signal,
    late: () => late,
    end() { clearTimeout(timer); stopped?.removeEventListener('abort', stop); },
  };
}

export async function chatStream(call: ModelCall): Promise<{ text: string; promptTokens: number; completionTokens: number }> {
  if (call.signal?.aborted) throw new CanceledError();
  // the signal reaches the request itself: a stop also ends a call Ollama has queued and not begun to answer
  const client = new Ollama({ host: call.url, fetch: (input, init) => fetch(input, { ...init, signal: call.signal ? AbortSignal.any([call.signal, ...(init?.signal ? [init.signal] : [])]) : init?.signal }) });
  const onAbort = () => client.abort();
  call.signal?.addEventListener('abort', onAbort, { once: true });
  let text = '';
  let promptTokens = 0;
  let completionTokens = 0;
  try {
    const stream = await client.chat({
      model: call.model, messages: call.messages, stream: true, format: call.format,
      options: { temperature: 0.2, num_predict: call.maxTokens, num_ctx: 4096, ...ollamaRunnerOptions(call.threads) },
    });
    for await (const part of stream) {
      const piece = part.message?.content ?? '';
      if (piece) { text += piece; call.emit({ type: 'ai-token', requestId: call.requestId, token: piece, at: Date.now() }); }
      if (part.done) { promptTokens = part.prompt_eval_count ?? 0; completionTokens = part.eval_count ?? 0; }
    }
    // an abort may end the stream quietly: a stopped answer is never taken as a whole one
    if (call.signal?.aborted) throw new CanceledError();
  } catch (error) {
    if (call.signal?.aborted || (error as Error).name === 'AbortError') throw new CanceledError();
    const e = error as Error & { cause?: Error };
    throw new Error(`the local model (${call.model} at ${call.url}) did not answer: ${e.cause?.message ?? e.message}`, { cause: error });
  } finally {
    call.signal?.removeEventListener('abort', onAbort);
  }
  return { text, promptTokens, completionTokens };
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
