/**
 * The renderer's only way to ProcOS: the API contract. In Electron the preload exposes a ProcosClient
 * as `window.procos`; in a browser (headless mode) the HTTP client talks same-origin with the cookie.
 */
import type { ProcosClient } from '../common/contract';
import { createHttpClient } from '../common/http-client';

declare global {
  interface Window { procos?: ProcosClient }
}

let client: ProcosClient | undefined;

export function api(): ProcosClient {
  client ??= window.procos ?? createHttpClient({ baseUrl: '' });
  return client;
}

/** A message fit to show a user, from anything thrown. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
