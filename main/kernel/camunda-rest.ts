/** A small client for Camunda 7's REST API, with basic auth and readable errors. */
import { ApiError } from '../../common/contract';

export interface EngineAuth { url: string; user: string; password: string }

export class CamundaRest {
  constructor(private auth: () => EngineAuth) {}

  get baseUrl() { return this.auth().url; }

  private headers(extra?: Record<string, string>) {
    const { user, password } = this.auth();
    return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, ...extra };
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: this.headers(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }),
        body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(`The engine is not reachable (${(err as Error).message}); it may be restarting — try again shortly`, 503);
    }
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      let details: unknown;
      try { ({ message = text, details } = JSON.parse(text)); } catch { /* plain text */ }
      throw new ApiError(`Engine: ${message || `HTTP ${res.status}`}`, res.status === 404 ? 404 : res.status >= 500 ? 502 : 400, details);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string) { return this.request<T>('GET', path); }
  post<T>(path: string, body?: unknown) { return this.request<T>('POST', path, body ?? {}); }
  put<T>(path: string, body?: unknown) { return this.request<T>('PUT', path, body ?? {}); }
  delete<T>(path: string) { return this.request<T>('DELETE', path); }
}

/** Camunda typed values from plain JS values, and back. */
export function toTypedVariables(vars: Record<string, unknown>) {
  const out: Record<string, { value: unknown; type: string; valueInfo?: Record<string, unknown> }> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (value === null || value === undefined) out[name] = { value: null, type: 'Null' };
    else if (typeof value === 'boolean') out[name] = { value, type: 'Boolean' };
    else if (typeof value === 'number') out[name] = { value, type: Number.isInteger(value) ? (Math.abs(value) > 2 ** 31 ? 'Long' : 'Integer') : 'Double' };
    else if (typeof value === 'string') out[name] = { value, type: 'String' };
    else out[name] = { value: JSON.stringify(value), type: 'Json' };
  }
  return out;
}

export function fromTypedVariables(vars: Record<string, { value: unknown; type: string }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(vars)) {
    if ((v.type === 'Json' || v.type === 'Object') && typeof v.value === 'string') {
      try { out[name] = JSON.parse(v.value); continue; } catch { /* keep the string */ }
    }
    out[name] = v.value;
  }
  return out;
}
