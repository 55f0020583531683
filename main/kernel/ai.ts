/** Asking the local model directly (AI panel, `procos ai`): streamed, timed, kept in history.
 * The same Ollama provider the AI worker uses. */
import { randomUUID } from 'node:crypto';
import { ApiError, type AskInput, type AskResult, type KernelEvent } from '../../common/contract';
import { OllamaProvider, ProviderError } from '../../common/ai-providers';

export async function askOllama(url: string, defaultModel: string, input: AskInput, emit: (e: KernelEvent) => void): Promise<AskResult> {
  const requestId = input.requestId ?? randomUUID();
  try {
    const result = await new OllamaProvider(url, defaultModel).complete({
      messages: [{ role: 'user', content: input.question }],
      model: input.model,
      onToken: (token) => emit({ type: 'ai-token', requestId, token, at: Date.now() }),
    });
    emit({ type: 'ai-token', requestId, token: '', done: true, at: Date.now() });
    return {
      answer: result.text, model: result.model, provider: result.provider, durationMs: result.durationMs,
      promptTokens: result.promptTokens, completionTokens: result.completionTokens, requestId,
    };
  } catch (err) {
    const permanent = err instanceof ProviderError && err.permanent;
    throw new ApiError(`the local model did not answer: ${(err as Error).message}`, permanent ? 400 : 502);
  }
}
