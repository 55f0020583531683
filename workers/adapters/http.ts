/** HTTP adapter: one request, only http: and https:, with a timeout; the response is returned whole. */
import type { ComponentInfo } from '../../common/contract';
import { machineSleep } from '../../common/sleep-watch';
import { AdapterError, str, unknownMethod, type AdapterParams, type ServiceAdapter } from './types';

export interface HttpResponse { status: number; body: string; headers: Record<string, string>; url: string }

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

function parseHeaders(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null || raw === '') return {};
  const obj = typeof raw === 'string' ? safeJson(raw, 'headers') : raw;
  if (typeof obj !== 'object' || Array.isArray(obj)) throw new AdapterError('headers must be an object of name → value', true);
  return Object.fromEntries(Object.entries(obj as object).map(([k, v]) => [k, String(v)]));
}

function safeJson(text: string, what: string): unknown {
  try { return JSON.parse(text); } catch { throw new AdapterError(`${what} is not valid JSON: ${text.slice(0, 80)}`, true); }
}

export async function httpRequest(params: AdapterParams): Promise<HttpResponse> {
  const rawUrl = str(params.url);
  if (!rawUrl) throw new AdapterError('url is required', true);
  let url: URL;
  try { url = new URL(rawUrl); } catch { throw new AdapterError(`url is not a valid URL: ${rawUrl}`, true); }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AdapterError(`only http and https URLs are allowed, not ${url.protocol.replace(/:$/, '')}`, true);
  }
  const method = (str(params.method) ?? 'GET').toUpperCase();
  if (!METHODS.includes(method)) throw new AdapterError(`unsupported method ${method}; use one of ${METHODS.join(', ')}`, true);
  const headers = parseHeaders(params.headers);
  let body: string | undefined;
  if (params.body !== undefined && params.body !== null && method !== 'GET' && method !== 'HEAD') {
    if (typeof params.body === 'string') body = params.body;
    else {
      body = JSON.stringify(params.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
  }
  const timeout = Number(params.timeout ?? DEFAULT_HTTP_TIMEOUT_MS);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new AdapterError(`timeout must be a positive number of ms, got ${params.timeout}`, true);
  let res: Response;
  try {
    // the machine's sleep does not count against the timeout (common/sleep-watch.ts)
    res = await fetch(url, { method, headers, body, signal: machineSleep.deadline(timeout), redirect: 'follow' });
  } catch (error) {
    const e = error as Error & { cause?: Error };
    const reason = e.name === 'TimeoutError' ? `no response within ${timeout} ms` : (e.cause?.message ?? e.message);
    throw new AdapterError(`${method} ${url.href} failed: ${reason}`);
  }
  return { status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers.entries()), url: res.url };
}

export class HttpAdapter implements ServiceAdapter {
  readonly name = 'http';
  configured() { return true; }
  async call(method: string, params: AdapterParams) {
    if (method !== 'request') throw unknownMethod(this.name, method, ['request']);
    return { ...(await httpRequest(params)) };
  }
  async healthCheck(): Promise<ComponentInfo> {
    return { name: this.name, state: 'ready', detail: 'outgoing HTTP(S) requests; nothing to probe' };
  }
}
