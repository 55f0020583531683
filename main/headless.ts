/**
 * Headless mode: the same kernel and API over HTTP on 127.0.0.1, serving the built renderer.
 * Every API call needs the per-run token (Bearer header, or the cookie set when the UI is opened
 * with ?token=); the Host header must name this server (DNS rebinding) and a cross-site Origin is
 * refused. runtime.json (0600) tells the CLI where the running instance is.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError, type KernelEvent } from '../common/contract';
import { dispatch } from './api/dispatch';
import type { Kernel } from './kernel';
import { appRoot } from './kernel/paths';
import { freePort } from './kernel/ports';
import { fallbackPage } from './headless-page';

export const HEADLESS_DEFAULT_PORT = 7707;

export interface RuntimeInfo { pid: number; url: string; apiBase: string; token: string; startedAt: string }

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon', '.map': 'application/json',
};

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

export async function serveHeadless(kernel: Kernel, opts: { port?: number } = {}) {
  const port = await freePort(opts.port ?? HEADLESS_DEFAULT_PORT);
  if (opts.port && port !== opts.port) throw new Error(`port ${opts.port} is already in use: choose another with --port, or omit it to pick a free one`);
  const token = randomBytes(24).toString('base64url');
  const origin = `http://127.0.0.1:${port}`;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  const rendererDir = join(appRoot, 'dist', 'renderer');
  const streams = new Set<ServerResponse>();

  const authorized = (req: IncomingMessage) => {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      ?? /(?:^|;\s*)procos_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    return !!given && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
  };

  const onEvent = (event: KernelEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of streams) res.write(frame);
  };
  kernel.on('event', onEvent);

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, { error: 'unexpected Host header' });
    if (req.headers.origin && !allowedOrigins.has(req.headers.origin)) return send(res, 403, { error: 'cross-origin request refused' });
    res.setHeader('x-content-type-options', 'nosniff');

    if (url.pathname.startsWith('/api/')) {
      if (!authorized(req)) return send(res, 401, { error: 'missing or wrong token: open the URL printed by `procos start`, or use the token in runtime.json' });
      const method = url.pathname.slice(5);
      if (method === 'events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
      try {
        const body = await readBody(req);
        const result = await dispatch(kernel.api, method, body ? JSON.parse(body) : {});
        return send(res, 200, { result: result ?? null });
      } catch (err) {
        const status = err instanceof ApiError ? err.status : err instanceof SyntaxError ? 400 : 500;
        return send(res, status, { error: (err as Error).message, details: err instanceof ApiError ? err.details : undefined });
      }
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (given !== token) return send(res, 401, { error: 'wrong token' });
      res.writeHead(302, { location: '/', 'set-cookie': `procos_token=${token}; HttpOnly; SameSite=Strict; Path=/` });
      return res.end();
    }
    serveStatic(res, rendererDir, url.pathname, authorized(req));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve); });

  const runtime: RuntimeInfo = { pid: process.pid, url: `${origin}/?token=${token}`, apiBase: origin, token, startedAt: new Date().toISOString() };
  const runtimeFile = join(kernel.home, 'runtime.json');
  writeFileSync(runtimeFile, JSON.stringify(runtime, null, 2), { mode: 0o600 });

  return {
    runtime,
    async close() {
      kernel.off('event', onEvent);
      for (const res of streams) res.end();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      if (existsSync(runtimeFile) && JSON.parse(readFileSync(runtimeFile, 'utf8')).pid === process.pid) rmSync(runtimeFile);
    },
  };

  function serveStatic(res: ServerResponse, dir: string, pathname: string, withStatus: boolean) {
    const headers = { 'content-security-policy': CSP, 'cache-control': 'no-cache' };
    if (!existsSync(join(dir, 'index.html'))) {
      res.writeHead(200, { ...headers, 'content-type': MIME['.html'] });
      return res.end(fallbackPage(withStatus ? kernel.status() : undefined));
    }
    let file = normalize(join(dir, decodeURIComponent(pathname)));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !extname(file)) file = join(dir, 'index.html');
    res.writeHead(200, { ...headers, 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit = 20 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) { reject(new ApiError('request body too large', 413)); req.destroy(); }
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
