/**
 * The API contract over HTTP: `POST <base>/api/<method>` with a JSON body; events over SSE.
 * Used by the CLI, by tests and by the renderer in a browser (same-origin cookie, no token needed).
 * Works in Node 20 (global fetch) and in browsers.
 */
import { ApiError, ApiMethods, type ApiMethod, type KernelEvent, type ProcosClient } from './contract';
import { serverSentEvents } from './sse';

/** The largest request body the API accepts (headless mode answers 413 above it). */
export const API_BODY_LIMIT_BYTES = 20 * 1024 * 1024;

export interface HttpClientOptions { baseUrl?: string; token?: string }

export function createHttpClient({ baseUrl = '', token }: HttpClientOptions = {}): ProcosClient {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;

  async function call(method: ApiMethod, input?: unknown): Promise<unknown> {
    let res: Response;
    const payload = JSON.stringify(input ?? {});
    try {
      res = await fetch(`${baseUrl}/api/${method}`, { method: 'POST', headers, body: payload, credentials: 'same-origin' });
    } catch (err) {
      const size = new TextEncoder().encode(payload).length;
      if (size > API_BODY_LIMIT_BYTES) {
        throw new ApiError(`ProcOS closed the connection while receiving ${method} (${reason(err)}): the request is ${(size / 2 ** 20).toFixed(1)} MB and the API takes at most ${API_BODY_LIMIT_BYTES / 2 ** 20} MB`, 413);
      }
      throw new ApiError(`ProcOS is not reachable at ${baseUrl || 'this page'}: ${reason(err)}`, 503);
    }
    const body = await answer(res, method);
    if (!res.ok) throw new ApiError(body?.error ?? `ProcOS answered ${method} with HTTP ${res.status}`, res.status, body?.details);
    return body?.result;
  }

  const client = Object.fromEntries(ApiMethods.map((m) => [m, (input?: unknown) => call(m, input)])) as unknown as ProcosClient;
  client.onEvent = (listener: (event: KernelEvent) => void) => subscribe(baseUrl, token, listener);
  return client;
}

/** Why a fetch failed, with the underlying cause (fetch itself only says "fetch failed"). */
function reason(err: unknown): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  const cause = e.cause ? (e.cause.code && !e.cause.message.includes(e.cause.code) ? `${e.cause.code} ${e.cause.message}` : e.cause.message) : '';
  return cause && cause !== e.message ? `${e.message} (${cause})` : e.message;
}

/** The JSON body of an answer; an answer that is not the API's JSON becomes an error that says what came back. */
async function answer(res: Response, method: string): Promise<{ result?: unknown; error?: string; details?: unknown } | undefined> {
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw new ApiError(`ProcOS broke off its answer to ${method} (HTTP ${res.status}): ${reason(err)}`, 502);
  }
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
    const what = res.status === 413 ? 'the request is too large' : `HTTP ${res.status} ${res.statusText}`.trim();
    throw new ApiError(`ProcOS answered ${method} with ${what} and a body that is not JSON: ${excerpt}`, res.ok ? 502 : res.status);
  }
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
    for await (const event of serverSentEvents(res.body!)) if (event.data) listener(JSON.parse(event.data));
  })().catch(() => { /* closed */ });
  return () => abort.abort();
}
