/**
 * The real stack the test/stack/ and test/e2e/ files share (vitest project `stack`): booted once by
 * test/setup/stack.ts (`procos start --headless` with a temporary PROCOS_HOME), reached through the
 * API contract.
 */
import { inject } from 'vitest';
import { createHttpClient } from '../../common/http-client';

export interface TestStack {
  url: string; apiBase: string; token: string; home: string; pid: number;
  /** the engine port and the Ollama port the stack was configured with, held by "someone else" */
  squatted: { engine: number; ollama: number };
}

declare module 'vitest' {
  export interface ProvidedContext { procos: TestStack }
}

export function testStack() {
  const stack = inject('procos');
  if (!stack) throw new Error('no shared stack here: a test that uses it belongs in test/stack/ or test/e2e/ (docs/architecture.md, "Tests")');
  return { ...stack, client: createHttpClient({ baseUrl: stack.apiBase, token: stack.token }) };
}
