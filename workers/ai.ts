/**
 * The AI worker: ai_query, text_generation, code_analysis, provider_selection, ai_completion.
 *
 * Common inputs: provider (auto | ollama | openai; default: selected_provider if an earlier
 * provider_selection set it, else auto), model, max_tokens (256), temperature (0.7), system_prompt,
 * complexity_score (0..1, for auto).
 * The model: the task's `model` variable, else (on Ollama) the topic's default model (setting
 * `ai.topicModels`, config.ollama.topicModels), else the provider's default.
 * Common outputs: ai_response, model_used, provider, prompt_tokens, completion_tokens, total_tokens,
 * response_time_ms (wall-clock duration of the model call, in ms).
 * Per topic:
 *   ai_query           user_query (required)                          → the common outputs
 *   text_generation    prompt (or user_query), style                  → + generated_text
 *   code_analysis      code (required), language, analysis_type       → + analysis
 *   ai_completion      prompt or messages ([{role, content}])         → + completion
 *   provider_selection user_query (or prompt), complexity_score       → selected_provider, selection_reason
 * Missing required input → failure with retries 0 (incident at once) and a message naming the variable,
 * e.g. "Missing required variable user_query: the question to ask (a non-empty string)".
 * No provider → failure "no AI provider available: …" with the usual retries (Ollama may be restarting);
 * an incident once they run out.
 * Tokens are emitted while they stream as `ai-token` events (one requestId per attempt, taskId = task id).
 */
import { randomUUID } from 'node:crypto';
import {
  cachedProbe, DEFAULT_MAX_TOKENS, OllamaProvider, ollamaAnswers, OpenAiCompatibleProvider, ProviderError, selectProvider,
  type AiProvider, type ChatMessage, type ProviderName, type Selection,
} from '../common/ai-providers';
import { failure, success, type Handler, type HandlerResult, type TaskContext, type WorkerKind } from './handler';
import type { WorkerConfig } from '../common/worker-protocol';

const PROBE_TTL_MS = 10_000;
const probes = new Map<string, () => Promise<boolean>>();
/** Whether the Ollama at `url` answers, probed at most once per PROBE_TTL_MS. */
export function ollamaAvailable(url: string): Promise<boolean> {
  if (!probes.has(url)) probes.set(url, cachedProbe(() => ollamaAnswers(url), PROBE_TTL_MS));
  return probes.get(url)!();
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));
const num = (v: unknown, fallback: number) => (v === undefined || v === null || v === '' || Number.isNaN(Number(v)) ? fallback : Number(v));

export function missing(name: string, what: string): HandlerResult {
  return failure(`Missing required variable ${name}: ${what}`, undefined, 0);
}

function providerFor(name: ProviderName, config: WorkerConfig): AiProvider {
  if (name === 'openai') return new OpenAiCompatibleProvider(config.openai!);
  return new OllamaProvider(config.ollama.url, config.ollama.defaultModel, config.ollama.threads);
}

async function choose(ctx: TaskContext, query: string): Promise<Selection | HandlerResult> {
  const v = ctx.variables;
  const requested = text(v.provider) || text(v.selected_provider) || 'auto';
  if (requested === 'openai' && !ctx.config.openai) {
    return failure('provider openai requested but no OpenAI-compatible endpoint is configured (settings, or OPENAI_BASE_URL and OPENAI_API_KEY)', undefined, 0);
  }
  if (requested === 'ollama' || requested === 'openai') return { provider: requested, reason: 'requested' };
  if (requested !== 'auto') return failure(`unknown provider "${requested}"; use auto, ollama or openai`, undefined, 0);
  return selectProvider({
    query, complexityScore: num(v.complexity_score, 0), remoteConfigured: Boolean(ctx.config.openai),
    localAvailable: () => ollamaAvailable(ctx.config.ollama.url),
  });
}

/** Run one chat on the chosen provider, streaming tokens as events; the common output variables. */
async function ask(ctx: TaskContext, query: string, messages: ChatMessage[], outputName?: string): Promise<HandlerResult> {
  const chosen = await choose(ctx, query);
  if ('kind' in chosen) return chosen;
  if (chosen.provider === 'none') return failure(`no AI provider available: ${chosen.reason}`);
  const v = ctx.variables;
  const system = text(v.system_prompt);
  // the topic defaults name Ollama models: a remote provider keeps its own default
  const topicDefault = chosen.provider === 'ollama' ? ctx.config.ollama.topicModels?.[ctx.topic] : undefined;
  // each attempt (a retry, or a re-fetch after a crash) is its own stream: the UI shows the latest one
  const requestId = `${ctx.taskId}:${randomUUID()}`;
  const emitToken = (token: string, done?: boolean) =>
    ctx.emit({ type: 'ai-token', requestId, taskId: ctx.taskId, instanceId: ctx.processInstanceId, token, done, at: Date.now() });
  try {
    const result = await providerFor(chosen.provider, ctx.config).complete({
      messages: system ? [{ role: 'system', content: system }, ...messages] : messages,
      model: text(v.model) || topicDefault || undefined,
      maxTokens: num(v.max_tokens, DEFAULT_MAX_TOKENS),
      temperature: num(v.temperature, 0.7),
      onToken: (t) => emitToken(t),
    });
    emitToken('', true);
    return success({
      ai_response: result.text,
      ...(outputName ? { [outputName]: result.text } : {}),
      model_used: result.model,
      provider: result.provider,
      selection_reason: chosen.reason,
      prompt_tokens: result.promptTokens,
      completion_tokens: result.completionTokens,
      total_tokens: result.totalTokens,
      response_time_ms: result.durationMs,
    });
  } catch (error) {
    if (error instanceof ProviderError) return failure(error.message, undefined, error.permanent ? 0 : undefined);
    throw error;
  }
}

const aiQuery: Handler = async (ctx) => {
  const query = text(ctx.variables.user_query).trim();
  if (!query) return missing('user_query', 'the question to ask (a non-empty string)');
  return ask(ctx, query, [{ role: 'user', content: query }]);
};

const textGeneration: Handler = async (ctx) => {
  const prompt = text(ctx.variables.prompt ?? ctx.variables.user_query).trim();
  if (!prompt) return missing('prompt', 'what to write (a non-empty string; user_query is also accepted)');
  const style = text(ctx.variables.style);
  const messages: ChatMessage[] = [
    { role: 'system', content: `You write clear text on request.${style ? ` Style: ${style}.` : ''}` },
    { role: 'user', content: prompt },
  ];
  return ask(ctx, prompt, messages, 'generated_text');
};

const codeAnalysis: Handler = async (ctx) => {
  const code = text(ctx.variables.code);
  if (!code.trim()) return missing('code', 'the source code to analyse (a non-empty string)');
  const language = text(ctx.variables.language) || 'the language it is written in';
  const kind = text(ctx.variables.analysis_type) || 'review';
  const messages: ChatMessage[] = [
    { role: 'system', content: `You are a careful code reviewer. Give a ${kind} of the code: what it does, problems, and improvements.` },
    { role: 'user', content: `Code in ${language}:\n\n${code}` },
  ];
  return ask(ctx, code, messages, 'analysis');
};

const aiCompletion: Handler = async (ctx) => {
  const raw = ctx.variables.messages;
  let messages: ChatMessage[] | undefined;
  if (raw !== undefined && raw !== null && raw !== '') {
    const parsed = typeof raw === 'string' ? safeParse(raw) : raw;
    const valid = Array.isArray(parsed) && parsed.every((m) => m && typeof m.content === 'string' && ['system', 'user', 'assistant'].includes(m.role));
    if (!valid) return failure('messages must be a list of {role: system|user|assistant, content: string}', undefined, 0);
    messages = parsed as ChatMessage[];
  } else {
    const prompt = text(ctx.variables.prompt ?? ctx.variables.user_query).trim();
    if (!prompt) return missing('prompt', 'the text to complete (or messages: a list of chat messages)');
    messages = [{ role: 'user', content: prompt }];
  }
  return ask(ctx, messages.map((m) => m.content).join('\n'), messages, 'completion');
};

const providerSelection: Handler = async (ctx) => {
  const query = text(ctx.variables.user_query ?? ctx.variables.prompt);
  const chosen = await choose(ctx, query);
  if ('kind' in chosen) return chosen;
  if (chosen.provider === 'none') return failure(`no AI provider available: ${chosen.reason}`);
  return success({ selected_provider: chosen.provider, selection_reason: chosen.reason, query_length: query.length });
};

function safeParse(s: string): unknown {
  try { return JSON.parse(s); } catch { return undefined; }
}

export const aiWorker: WorkerKind<'ai'> = {
  kind: 'ai',
  tags: ['ai', 'llm', 'ollama', 'openai'],
  handlers: {
    ai_query: aiQuery,
    text_generation: textGeneration,
    code_analysis: codeAnalysis,
    provider_selection: providerSelection,
    ai_completion: aiCompletion,
  },
};
