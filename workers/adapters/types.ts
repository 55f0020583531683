/**
 * Service adapters: one interface in front of each external service a handler talks to.
 * `call` does the work; `healthCheck` says whether the service answers, in the kernel's terms.
 */
import type { ComponentInfo } from '../../common/contract';

export type AdapterParams = Record<string, unknown>;

export interface ServiceAdapter {
  readonly name: string;
  /** false when settings lack what the adapter needs; health is then `stopped`, not `failed` */
  configured(): boolean;
  call(method: string, params: AdapterParams): Promise<Record<string, unknown>>;
  healthCheck(): Promise<ComponentInfo>;
}

/** An adapter error; `permanent` ones (bad input, not configured) should not be retried. */
export class AdapterError extends Error {
  constructor(message: string, public readonly permanent = false, public readonly details?: string) { super(message); }
}

export function unknownMethod(adapter: string, method: string, known: string[]): AdapterError {
  return new AdapterError(`${adapter} adapter has no method "${method}"; methods: ${known.join(', ')}`, true);
}

export const str = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
