/**
 * The routes of headless mode, on Hono: every request passes the same gate (Host → 421, cross-site
 * Origin → 403, malformed target → 400), /api/* needs the token (401), POST /api/<method> answers
 * {"result":…} or {"error":…,"details"}, GET /api/events streams kernel events (SSE), and every other
 * GET serves the built renderer (only files inside its folder, main/headless-static.ts) with a strict CSP. Nothing a request
 * carries can throw out of here: whatever fails becomes a JSON error answer.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { HttpBindings } from '@hono/node-server';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError, type KernelEvent } from '../common/contract';
import { API_BODY_LIMIT_BYTES } from '../common/http-client';
import { dispatch } from './api/dispatch';
import type { Kernel } from './kernel';
import { fallbackPage } from './headless-page';
import { rendererFiles } from './headless-static';

export const NO_TOKEN = 'missing or wrong token: open the URL printed by `procos start`, or use the token in runtime.json';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";
/** An event stream whose client has stopped reading is closed once this many frames wait for it. */
const MAX_QUEUED_FRAMES = 5000;

type Env = { Bindings: HttpBindings };

/** Compares a secret in constant time, whatever the length of what was given. */
export function sameSecret(given: string | undefined | null, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/** Why a raw request target cannot be served (a URL that does not parse, a bad %-encoding), or undefined. */
export function malformedTarget(target: string): string | undefined {
  const path = target.split('?')[0];
  try {
    new URL(target, 'http://127.0.0.1');
    decodeURIComponent(path);
    return undefined;
  } catch (err) {
    return `malformed request target ${JSON.stringify(target.slice(0, 200))}: ${(err as Error).message}`;
  }
}

export interface HeadlessAppOptions { kernel: Kernel; token: string; port: number; rendererDir: string }

export function headlessApp({ kernel, token, port, rendererDir }: HeadlessAppOptions) {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const streams = new Map<SSEStreamingApi, { queued: number }>();
  const authorized = (c: Context<Env>) =>
    sameSecret(/^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1], token) || sameSecret(getCookie(c, 'procos_token'), token);
  const fail = (c: Context, status: ContentfulStatusCode, error: string, extra: Record<string, string> = {}) =>
    c.json({ error }, status, { 'cache-control': 'no-store', ...extra });

  const app = new Hono<Env>();

  app.use(async (c, next) => {
    c.header('x-content-type-options', 'nosniff');
    if (!allowedHosts.has(c.req.header('host') ?? '')) return fail(c, 421, 'unexpected Host header');
    const origin = c.req.header('origin');
    if (origin && !allowedOrigins.has(origin)) return fail(c, 403, 'cross-origin request refused');
    const malformed = malformedTarget(c.env.incoming.url ?? '/');
    if (malformed) return fail(c, 400, malformed);
    await next();
  });

  app.use('/api/*', async (c, next) => (authorized(c) ? next() : fail(c, 401, NO_TOKEN)));

  app.get('/api/events', (c) => {
    if (c.req.method !== 'GET') return fail(c, 405, 'use GET for /api/events', { allow: 'GET' });
    return streamSSE(c, async (stream) => {
      await stream.write(': connected\n\n');
      streams.set(stream, { queued: 0 });
      await new Promise<void>((resolve) => {
        stream.onAbort(resolve);
        c.env.outgoing.once('close', resolve);
      });
      streams.delete(stream);
    }, async (err) => { console.error(`event stream: ${err.message}`); });
  });

  app.post('/api/*', bodyLimit({
    maxSize: API_BODY_LIMIT_BYTES,
    // no `connection: close`: Node reads and drops the rest of the body, so a client still sending it
    // receives this answer instead of a reset connection
    onError: (c) => fail(c, 413, `request body too large: the limit is ${API_BODY_LIMIT_BYTES / 1024 / 1024} MB (send fewer or smaller files at once)`),
  }), async (c) => {
    const method = c.req.path.slice('/api/'.length);
    let input: unknown;
    try {
      const text = await c.req.text();
      input = text ? JSON.parse(text) : {};
    } catch (err) {
      return fail(c, 400, `the request body is not valid JSON: ${(err as Error).message}`);
    }
    try {
      const result = await dispatch(kernel.api, method, input);
      return c.json({ result: result ?? null }, 200, { 'cache-control': 'no-store' });
    } catch (err) {
      const status = (err instanceof ApiError ? err.status : 500) as ContentfulStatusCode;
      return c.json({ error: (err as Error).message, details: err instanceof ApiError ? err.details : undefined }, status, { 'cache-control': 'no-store' });
    }
  });

  app.all('/api/*', (c) => fail(c, 405, 'use POST', { allow: 'POST' }));

  app.get('*', async (c, next) => {
    const given = c.req.query('token');
    if (given === undefined) return next();
    if (!sameSecret(given, token)) return fail(c, 401, 'wrong token');
    setCookie(c, 'procos_token', token, { httpOnly: true, sameSite: 'Strict', path: '/' });
    return c.redirect('/', 302);
  });

  const [headers, files, page] = rendererFiles({ rendererDir, csp: CSP, notBuilt: (c) => c.html(fallbackPage(authorized(c as Context<Env>) ? kernel.status() : undefined)) });
  app.get('*', headers, files, page);

  app.all('*', (c) => fail(c, 405, 'method not allowed', { allow: 'GET, HEAD' }));

  app.onError((err, c) => {
    if (err instanceof HTTPException) return fail(c, err.status as ContentfulStatusCode, err.message || 'bad request');
    console.error(`headless: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    return fail(c, 500, `internal error: ${err.message}`);
  });

  const onEvent = (event: KernelEvent) => {
    const frame = { data: JSON.stringify(event) };
    for (const [stream, state] of streams) {
      if (state.queued >= MAX_QUEUED_FRAMES) { streams.delete(stream); stream.abort(); void stream.close(); continue; }
      state.queued++;
      void stream.writeSSE(frame).catch(() => undefined).finally(() => { state.queued--; });
    }
  };
  kernel.on('event', onEvent);

  return {
    app,
    /** Stops the event feed and ends every open event stream. */
    close() {
      kernel.off('event', onEvent);
      for (const stream of streams.keys()) { stream.abort(); void stream.close(); }
      streams.clear();
    },
  };
}
