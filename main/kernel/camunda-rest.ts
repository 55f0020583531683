/** A small client for Camunda 7's REST API, with basic auth and readable errors. */
import { ApiError } from '../../common/contract';
import { engineAuthHeaders } from '../../common/engine-auth';

export interface EngineAuth { url: string; user: string; password: string }

/** What the kernel knows of the engine: while it is not ready, calls fail at once with its reason. */
export type EngineHealth = () => { state: string; detail: string };

export class CamundaRest {
  constructor(private auth: () => EngineAuth, private health?: EngineHealth) {}

  get baseUrl() { return this.auth().url; }

  private headers(extra?: Record<string, string>) {
    return { ...engineAuthHeaders(this.auth()), ...extra };
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const engine = this.health?.();
    if (engine && engine.state !== 'ready') throw new ApiError(`the engine is down: ${engine.detail}`, 503);
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: this.headers(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }),
        body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(`the engine is down: not reachable at ${this.baseUrl} (${(err as Error).message})`, 503);
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
