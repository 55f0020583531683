/** Asking the local model directly (AI panel, `procos ai`): streamed, timed, kept in history, and
 * stoppable (cancelAsk by requestId). The same Ollama provider the AI worker uses. */
import { randomUUID } from 'node:crypto';
import { ApiError, type AskInput, type AskResult, type KernelEvent, type ModelInfo } from '../../common/contract';
import { OllamaProvider, ProviderError } from '../../common/ai-providers';

/** Answers being generated, by requestId: what cancelAsk stops. */
const running = new Map<string, AbortController>();

/** `ollama`: where, its default model and threads; `clientGone`: the caller went away, the answer stops like a cancelAsk. */
export async function askOllama(ollama: { url: string; model: string; threads?: number }, input: AskInput, emit: (e: KernelEvent) => void, clientGone?: AbortSignal): Promise<AskResult> {
  const requestId = input.requestId ?? randomUUID();
  if (running.has(requestId)) throw new ApiError(`an answer with requestId ${requestId} is being generated already`, 409);
  const controller = new AbortController();
  clientGone?.addEventListener('abort', () => controller.abort(), { once: true });
  running.set(requestId, controller);
  let streamed = 0; // tokens sent so far: what a stopped answer counts (Ollama reports none then)
  try {
    const result = await new OllamaProvider(ollama.url, ollama.model, ollama.threads).complete({
      messages: [...(input.history ?? []), { role: 'user', content: input.question }],
      model: input.model,
      signal: controller.signal,
      onToken: (token) => { streamed++; emit({ type: 'ai-token', requestId, token, at: Date.now() }); },
    });
    emit({ type: 'ai-token', requestId, token: '', done: true, at: Date.now() });
    return {
      answer: result.text, model: result.model, provider: result.provider, durationMs: result.durationMs,
      promptTokens: result.promptTokens, completionTokens: result.stopped ? result.completionTokens || streamed : result.completionTokens,
      requestId, stopped: result.stopped,
    };
  } catch (err) {
    const permanent = err instanceof ProviderError && err.permanent;
    throw new ApiError(`the local model did not answer: ${(err as Error).message}`, permanent ? 400 : 502);
  } finally {
    running.delete(requestId);
  }
}

/** Stops an answer being generated; false when none runs under that id (finished already, or unknown). */
export function cancelAsk(requestId: string): boolean {
  const controller = running.get(requestId);
  controller?.abort();
  return !!controller;
}

/** The models Ollama has, with their size on disk (GET /api/tags). */
export async function modelList(url: string): Promise<ModelInfo[]> {
  let res: Response;
  try { res = await fetch(`${url}/api/tags`, { signal: AbortSignal.timeout(5000) }); } catch (err) {
    throw new ApiError(`Ollama is not reachable at ${url}: ${(err as Error).message}`, 503);
  }
  if (!res.ok) throw new ApiError(`Ollama /api/tags answered HTTP ${res.status}`, 502);
  const body = (await res.json()) as { models: { name: string; size: number; modified_at?: string; details?: { family?: string; parameter_size?: string; quantization_level?: string } }[] };
  return body.models.map((m) => ({
    name: m.name, size: m.size, modifiedAt: m.modified_at, family: m.details?.family,
    parameterSize: m.details?.parameter_size, quantization: m.details?.quantization_level,
  })).sort((a, b) => a.name.localeCompare(b.name));
}
