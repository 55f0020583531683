/**
 * AI providers behind one shape: the local Ollama (the `ollama` npm client, streaming chat) and any
 * OpenAI-compatible endpoint (`POST {baseUrl}/chat/completions`, key as Bearer, SSE streaming).
 * Plus the `auto` provider selection (selectProvider), as a function with its probe passed in.
 */
import { machineSleep } from './sleep-watch';
import { Ollama, type AbortableAsyncIterator, type ChatResponse } from 'ollama';
import { serverSentEvents } from './sse';

export type ProviderName = 'ollama' | 'openai';
export interface ChatMessage { role: 'system' | 'user' | 'assistant'; content: string }

export interface AiRequest {
  messages: ChatMessage[];
  model?: string;
  maxTokens?: number;
  temperature?: number;
  /** each streamed piece of the answer, as it arrives */
  onToken?: (token: string) => void;
  timeoutMs?: number;
  /** stops the answer: the call resolves with what came so far and `stopped` */
  signal?: AbortSignal;
}

export interface AiResult {
  text: string; model: string; provider: ProviderName;
  promptTokens: number; completionTokens: number; totalTokens: number;
  /** wall-clock duration of the call */
  durationMs: number;
  /** ended early on request (AiRequest.signal) */
  stopped?: boolean;
}

export interface AiProvider {
  readonly name: ProviderName;
  readonly defaultModel: string;
  complete(request: AiRequest): Promise<AiResult>;
}

/** A provider error; `permanent` ones (4xx: unknown model, bad key) are not worth retrying. */
export class ProviderError extends Error {
  constructor(message: string, public readonly permanent = false) { super(message); }
}

export const DEFAULT_AI_TIMEOUT_MS = 300_000;
/** The longest answer when a caller names none (AI panel, `procos ai`, AI tasks): a small local model
 * rambles; 256 tokens (~190 words) is a full answer and keeps CPU-only runs short. */
export const DEFAULT_MAX_TOKENS = 256;

/**
 * The Ollama options that say how the model runs (`num_thread`, setting `ollama.threads`): every ProcOS call sends
 * the same, since Ollama loads the model again whenever a call's runner options differ from the loaded ones.
 */
export const ollamaRunnerOptions = (threads?: number) => (threads ? { num_thread: threads } : {});

export class OllamaProvider implements AiProvider {
  readonly name = 'ollama' as const;
  private readonly client: Ollama;
  /** `threads`: the CPU threads the model computes on (unset: Ollama's choice) */
  constructor(readonly url: string, readonly defaultModel: string, private readonly threads?: number) { this.client = new Ollama({ host: url }); }

  async complete(req: AiRequest): Promise<AiResult> {
    const started = performance.now();
    const model = req.model || this.defaultModel;
    let text = '';
    let last: Partial<ChatResponse> = {};
    let stream: AbortableAsyncIterator<ChatResponse> | undefined;
    // the machine's sleep does not count against the timeout (sleep-watch.ts); `done` ends the deadline
    const done = new AbortController();
    const deadline = machineSleep.deadline(req.timeoutMs ?? DEFAULT_AI_TIMEOUT_MS, done.signal);
    deadline.addEventListener('abort', () => { if (!done.signal.aborted) stream?.abort(); });
    const stop = () => stream?.abort();
    req.signal?.addEventListener('abort', stop);
    // a request Ollama has queued has no stream to abort yet: the signal ends its fetch itself, so Stop works
    // while the answer is still "thinking" (an Ollama busy with other requests)
    const client = req.signal ? new Ollama({ host: this.url, fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, req.signal!]) : req.signal }) }) : this.client;
    try {
      stream = await client.chat({
        model, messages: req.messages, stream: true,
        options: { num_predict: req.maxTokens ?? DEFAULT_MAX_TOKENS, temperature: req.temperature ?? 0.7, ...ollamaRunnerOptions(this.threads) },
      });
      if (req.signal?.aborted) stream.abort();
      for await (const part of stream) {
        const piece = part.message?.content ?? '';
        if (piece) { text += piece; req.onToken?.(piece); }
        if (part.done) last = part;
      }
    } catch (error) {
      const e = error as Error & { status_code?: number; cause?: Error };
      if (e.name === 'AbortError' && req.signal?.aborted) {
        return { text, model, provider: 'ollama', promptTokens: 0, completionTokens: 0, totalTokens: 0, durationMs: Math.round(performance.now() - started), stopped: true };
      }
      if (e.name === 'AbortError') throw new ProviderError(`Ollama at ${this.url} gave no complete answer within ${req.timeoutMs ?? DEFAULT_AI_TIMEOUT_MS} ms`);
      const status = e.status_code;
      throw new ProviderError(`Ollama at ${this.url} (model ${model}): ${e.cause?.message ?? e.message}`, Boolean(status && status < 500));
    } finally {
      done.abort();
      req.signal?.removeEventListener('abort', stop);
    }
    const promptTokens = last.prompt_eval_count ?? 0;
    const completionTokens = last.eval_count ?? 0;
    return { text, model, provider: 'ollama', promptTokens, completionTokens, totalTokens: promptTokens + completionTokens,
      durationMs: Math.round(performance.now() - started) };
  }
}

export interface OpenAiSettings { baseUrl: string; apiKey: string; model?: string }
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

export class OpenAiCompatibleProvider implements AiProvider {
  readonly name = 'openai' as const;
  readonly defaultModel: string;
  private readonly baseUrl: string;
  constructor(private readonly settings: OpenAiSettings) {
    this.baseUrl = settings.baseUrl.replace(/\/$/, '');
    this.defaultModel = settings.model || DEFAULT_OPENAI_MODEL;
  }

  async complete(req: AiRequest): Promise<AiResult> {
    const started = performance.now();
    const model = req.model || this.defaultModel;
    const url = `${this.baseUrl}/chat/completions`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.settings.apiKey}` },
        body: JSON.stringify({ model, messages: req.messages, max_tokens: req.maxTokens ?? DEFAULT_MAX_TOKENS, temperature: req.temperature ?? 0.7,
          stream: true, stream_options: { include_usage: true } }),
        signal: machineSleep.deadline(req.timeoutMs ?? DEFAULT_AI_TIMEOUT_MS),
      });
    } catch (error) {
      const e = error as Error & { cause?: Error };
      throw new ProviderError(`OpenAI-compatible endpoint ${url}: ${e.name === 'TimeoutError' ? 'timed out' : (e.cause?.message ?? e.message)}`);
    }
    if (!res.ok || !res.body) {
      const body = await res.text().catch(() => '');
      throw new ProviderError(`OpenAI-compatible endpoint ${url} answered HTTP ${res.status}: ${body.slice(0, 300)}`, res.status < 500 && res.status !== 429);
    }
    let text = '';
    let usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | undefined;
    let usedModel = model;
    if (res.headers.get('content-type')?.includes('application/json')) { // a server that ignores `stream`
      const whole = await res.json() as { model?: string; usage?: typeof usage; choices?: { message?: { content?: string } }[] };
      text = whole.choices?.[0]?.message?.content ?? '';
      if (text) req.onToken?.(text);
      usedModel = whole.model ?? model;
      usage = whole.usage;
    } else for await (const { data } of serverSentEvents(res.body)) {
      if (data === '[DONE]') break;
      const chunk = JSON.parse(data) as { model?: string; usage?: typeof usage; choices?: { delta?: { content?: string } }[] };
      if (chunk.model) usedModel = chunk.model;
      if (chunk.usage) usage = chunk.usage;
      const piece = chunk.choices?.[0]?.delta?.content ?? '';
      if (piece) { text += piece; req.onToken?.(piece); }
    }
    const promptTokens = usage?.prompt_tokens ?? 0;
    const completionTokens = usage?.completion_tokens ?? 0;
    return { text, model: usedModel, provider: 'openai', promptTokens, completionTokens,
      totalTokens: usage?.total_tokens ?? promptTokens + completionTokens, durationMs: Math.round(performance.now() - started) };
  }
}

/** Does an Ollama answer at `url`? (GET /api/tags within `timeoutMs`) */
export async function ollamaAnswers(url: string, timeoutMs = 5000): Promise<boolean> {
  try {
    const res = await fetch(`${url.replace(/\/$/, '')}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * A probe whose answer is reused (concurrent callers share one probe): a yes for `ttlMs`, a no only
 * for `negativeTtlMs`, so a provider that comes back is noticed at the next retry.
 */
export function cachedProbe(probe: () => Promise<boolean>, ttlMs = 10_000, negativeTtlMs = 1000): () => Promise<boolean> {
  let cached: { at: number; value: Promise<boolean>; ok?: boolean } | undefined;
  return () => {
    const age = cached ? Date.now() - cached.at : Infinity;
    if (!cached || age > ttlMs || (cached.ok === false && age > negativeTtlMs)) {
      const entry: { at: number; value: Promise<boolean>; ok?: boolean } = { at: Date.now(), value: probe() };
      entry.value.then((ok) => { entry.ok = ok; }, () => { entry.ok = false; });
      cached = entry;
    }
    return cached.value;
  };
}

export const LONG_QUERY_CHARS = 2000;
export const COMPLEX_SCORE = 0.8;

export interface SelectionInput {
  query: string;
  complexityScore?: number;
  remoteConfigured: boolean;
  localAvailable: () => Promise<boolean>;
}
export interface Selection { provider: ProviderName | 'none'; reason: string }

/**
 * The `auto` rule: a query longer than 2000 characters or complexity_score > 0.8 goes to the
 * remote provider when one is configured; otherwise Ollama when it answers; else remote; else none.
 */
export async function selectProvider(input: SelectionInput): Promise<Selection> {
  const long = input.query.length > LONG_QUERY_CHARS;
  const complex = (input.complexityScore ?? 0) > COMPLEX_SCORE;
  if ((long || complex) && input.remoteConfigured) {
    return { provider: 'openai', reason: long ? `query longer than ${LONG_QUERY_CHARS} characters` : `complexity_score above ${COMPLEX_SCORE}` };
  }
  if (await input.localAvailable()) return { provider: 'ollama', reason: 'local Ollama answers' };
  if (input.remoteConfigured) return { provider: 'openai', reason: 'local Ollama does not answer; remote configured' };
  return { provider: 'none', reason: 'local Ollama does not answer and no remote provider is configured' };
}
