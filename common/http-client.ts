/**
 * The API contract over HTTP: `POST <base>/api/<method>` with a JSON body; events over SSE.
 * Used by the CLI, by tests and by the renderer in a browser (same-origin cookie, no token needed).
 * Works in Node 20 (global fetch) and in browsers.
 */
import { ApiError, ApiMethods, type ApiMethod, type KernelEvent, type ProcosClient } from './contract';

export interface HttpClientOptions { baseUrl?: string; token?: string }

export function createHttpClient({ baseUrl = '', token }: HttpClientOptions = {}): ProcosClient {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;

  async function call(method: ApiMethod, input?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/api/${method}`, {
        method: 'POST', headers, body: JSON.stringify(input ?? {}), credentials: 'same-origin',
      });
    } catch (err) {
      throw new ApiError(`ProcOS is not reachable at ${baseUrl || 'this page'}: ${(err as Error).message}`, 503);
    }
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new ApiError(body?.error ?? `HTTP ${res.status}`, res.status, body?.details);
    return body?.result;
  }

  const client = Object.fromEntries(ApiMethods.map((m) => [m, (input?: unknown) => call(m, input)])) as unknown as ProcosClient;
  client.onEvent = (listener: (event: KernelEvent) => void) => subscribe(baseUrl, token, listener);
  return client;
}

/** SSE subscription: EventSource in browsers, a streamed fetch in Node. */
function subscribe(baseUrl: string, token: string | undefined, listener: (e: KernelEvent) => void): () => void {
  const url = `${baseUrl}/api/events`;
  if (typeof EventSource !== 'undefined' && !token) {
    const source = new EventSource(url, { withCredentials: true });
    source.onmessage = (msg) => listener(JSON.parse(msg.data));
    return () => source.close();
  }
  const abort = new AbortController();
  (async () => {
    const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: abort.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (data) listener(JSON.parse(data));
      }
    }
  })().catch(() => { /* closed */ });
  return () => abort.abort();
}
