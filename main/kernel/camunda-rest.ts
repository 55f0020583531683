/**
 * A small client for Camunda 7's REST API, with basic auth and readable errors. Every call has a
 * deadline (an engine that hangs answers "did not answer within …" instead of hanging its caller;
 * the machine's sleep does not count, see sleep-watch.ts) and may be aborted by its caller (a client
 * that went away). What is in flight is known, so an engine that dies of it can say what it was doing.
 */
import { ApiError } from '../../common/contract';
import { machineSleep } from '../../common/sleep-watch';
import { engineAuthHeaders } from '../../common/engine-auth';

export interface EngineAuth { url: string; user: string; password: string }

/** What the kernel knows of the engine: while it is not ready, calls fail at once with its reason. */
export type EngineHealth = () => { state: string; detail: string };

export interface RequestOptions {
  /** ends the call early (e.g. the API client went away) */
  signal?: AbortSignal;
  /** deadline in ms (default REQUEST_DEADLINE_MS) */
  deadlineMs?: number;
  /** what the call does, in words ("deploying a.bpmn (2 MB)"); default: the method and path */
  what?: string;
}

/** How long one call may take. A deploy parses and stores whole files: it gets longer. */
export const REQUEST_DEADLINE_MS = 30_000;
export const DEPLOY_DEADLINE_MS = 120_000;

/** The readable part of an HTML error page (Tomcat's: "HTTP Status 400 – Bad Request … Message …"). */
function htmlErrorText(text: string): string | undefined {
  if (!/^\s*<(!doctype|html)/i.test(text)) return undefined;
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  const message = /<b>Message<\/b>\s*([^<]*)</i.exec(text)?.[1]?.trim();
  return [title, message].filter(Boolean).join(': ') || 'an HTML error page';
}

export class CamundaRest {
  private inFlight = new Map<number, { what: string; since: number }>();
  private nextCall = 0;
  /** a call the engine went away during (its exit is looked at a moment later) */
  private lostDuring?: { what: string; at: number };

  /** explain: may say more about an engine error (e.g. that the disk under its database is full) */
  constructor(private auth: () => EngineAuth, private health?: EngineHealth, private explain: (err: ApiError) => ApiError = (err) => err) {}

  get baseUrl() { return this.auth().url; }

  /** What the engine is doing for the kernel now, longest-running first ("deploying a.bpmn") — or was
   * doing when it went away, a few seconds ago — or undefined. */
  busyWith(): string | undefined {
    const calls = [...this.inFlight.values()].sort((a, b) => a.since - b.since).map((c) => c.what);
    if (!calls.length && this.lostDuring && performance.now() - this.lostDuring.at < 10_000) return this.lostDuring.what;
    if (!calls.length) return undefined;
    return calls.length === 1 ? calls[0] : `${calls[0]} (and ${calls.length - 1} more call${calls.length > 2 ? 's' : ''})`;
  }

  private headers(extra?: Record<string, string>) {
    return { ...engineAuthHeaders(this.auth()), ...extra };
  }

  async request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    const engine = this.health?.();
    if (engine && engine.state !== 'ready') throw new ApiError(`the engine is down: ${engine.detail}`, 503);
    const deadlineMs = opts.deadlineMs ?? REQUEST_DEADLINE_MS;
    const call = this.nextCall++;
    this.inFlight.set(call, { what: opts.what ?? `${method} ${path.split('?')[0]}`, since: performance.now() });
    try {
      let res: Response;
      let text: string;
      const signal = machineSleep.deadline(deadlineMs, opts.signal);
      try {
        res = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: this.headers(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }),
          body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
        text = await res.text();
      } catch (err) {
        if (opts.signal?.aborted) throw new ApiError('the request was given up by its client', 499);
        if ((err as Error).name === 'TimeoutError' || signal.aborted) {
          throw new ApiError(`the engine did not answer within ${deadlineMs / 1000} s (${method} ${path.split('?')[0]}): it may be overloaded or hung; ProcOS restarts it if it stays so`, 504);
        }
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') {
          // the first call to notice says what the engine was busy with (the longest-running one then)
          const now = performance.now();
          if (!this.lostDuring || now - this.lostDuring.at > 10_000) this.lostDuring = { what: this.busyWith()!, at: now };
          throw new ApiError(`the engine went away during this call (${cause.message ?? cause.code}): status says why; ProcOS starts it again`, 503);
        }
        throw new ApiError(`the engine is down: not reachable at ${this.baseUrl} (${(err as Error).message})`, 503);
      }
      if (!res.ok) {
        let message = htmlErrorText(text) ?? text;
        let details: unknown;
        try {
          // the engine's own errors carry a message; Spring's ({"status":500,"error":"Internal Server Error",…}) only a reason
          const body = JSON.parse(text) as { message?: string; error?: string; details?: unknown };
          message = body.message ?? (body.error ? `${body.error} (HTTP ${res.status})` : text);
          details = body.details;
        } catch { /* plain text or HTML */ }
        throw this.explain(new ApiError(`Engine: ${message || `HTTP ${res.status}`}`, res.status === 404 ? 404 : res.status >= 500 ? 502 : 400, details));
      }
      return (text ? JSON.parse(text) : undefined) as T;
    } finally {
      this.inFlight.delete(call);
    }
  }

  get<T>(path: string, opts?: RequestOptions) { return this.request<T>('GET', path, undefined, opts); }
  post<T>(path: string, body?: unknown, opts?: RequestOptions) { return this.request<T>('POST', path, body ?? {}, opts); }
  put<T>(path: string, body?: unknown, opts?: RequestOptions) { return this.request<T>('PUT', path, body ?? {}, opts); }
  delete<T>(path: string, opts?: RequestOptions) { return this.request<T>('DELETE', path, undefined, opts); }
}
