/**
 * The real stack the integration and e2e tests share: booted once by test/setup/stack.ts
 * (`procos start --headless` with a temporary PROCOS_HOME), reached through the API contract.
 */
import { inject } from 'vitest';
import { createHttpClient } from '../../common/http-client';

export interface TestStack { url: string; apiBase: string; token: string; home: string; pid: number }

declare module 'vitest' {
  export interface ProvidedContext { procos: TestStack }
}

export function testStack() {
  const stack = inject('procos');
  return { ...stack, client: createHttpClient({ baseUrl: stack.apiBase, token: stack.token }) };
}
