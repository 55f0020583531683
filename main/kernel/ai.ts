/** Asking the local model directly (AI panel, `procos ai`): streamed, timed, kept in history. */
import { Ollama } from 'ollama';
import { randomUUID } from 'node:crypto';
import { ApiError, type AskInput, type AskResult, type KernelEvent } from '../api/contract';

export async function askOllama(url: string, defaultModel: string, input: AskInput, emit: (e: KernelEvent) => void): Promise<AskResult> {
  const model = input.model ?? defaultModel;
  const requestId = input.requestId ?? randomUUID();
  const client = new Ollama({ host: url });
  const started = performance.now();
  let answer = '';
  let promptTokens: number | undefined;
  let completionTokens: number | undefined;
  try {
    const stream = await client.chat({ model, messages: [{ role: 'user', content: input.question }], stream: true });
    for await (const part of stream) {
      if (part.message?.content) {
        answer += part.message.content;
        emit({ type: 'ai-token', requestId, token: part.message.content, at: Date.now() });
      }
      if (part.done) { promptTokens = part.prompt_eval_count; completionTokens = part.eval_count; }
    }
  } catch (err) {
    const message = (err as Error).message;
    if (/not found/i.test(message)) throw new ApiError(`model "${model}" is not available in Ollama; installed models are listed in the AI panel`, 404);
    throw new ApiError(`the local model did not answer: ${message}`, 502);
  }
  emit({ type: 'ai-token', requestId, token: '', done: true, at: Date.now() });
  return { answer, model, provider: 'ollama', durationMs: Math.round(performance.now() - started), promptTokens, completionTokens, requestId };
}
