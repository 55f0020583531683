/**
 * The real Ollama the workers' tests talk to: PROCOS_TEST_OLLAMA_URL, else the shared stack's Ollama
 * (its status names the URL). The model is the bundled default, smollm2:135m.
 */
import { inject } from 'vitest';
import { createHttpClient } from '../../common/http-client';

export const TEST_MODEL = process.env.PROCOS_TEST_MODEL ?? 'smollm2:135m';
/** The model's threads in the test stacks (vitest.config.ts): a worker of a test sends the same, else the shared
 * Ollama would load the model again for its calls and the stack's alike, and run them on a thread per core. */
export const TEST_THREADS = Number(process.env.PROCOS_OLLAMA_THREADS) || undefined;

export async function testOllamaUrl(): Promise<string> {
  if (process.env.PROCOS_TEST_OLLAMA_URL) return process.env.PROCOS_TEST_OLLAMA_URL;
  let stack: { apiBase: string; token: string } | undefined;
  try { stack = inject('procos'); } catch { stack = undefined; }
  if (stack) {
    const status = await createHttpClient({ baseUrl: stack.apiBase, token: stack.token }).status();
    const url = status.components.ollama?.url;
    if (url) return url;
  }
  throw new Error('no Ollama for the workers tests: set PROCOS_TEST_OLLAMA_URL, or put the test in test/stack/ (the shared stack\'s Ollama)');
}
