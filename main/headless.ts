/**
 * Headless mode: the same kernel and API over HTTP on 127.0.0.1, serving the built renderer.
 * Every API call needs the per-run token (Bearer header, or the cookie set when the UI is opened
 * with ?token=); the Host header must name this server (DNS rebinding) and a cross-site Origin is
 * refused. runtime.json (0600) tells the CLI where the running instance is. The routes live in
 * headless-app.ts (Hono); here they are served by @hono/node-server on node:http.
 */
import { createServer } from 'node:http';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { getRequestListener } from '@hono/node-server';
import type { Kernel } from './kernel';
import { appRoot } from './kernel/paths';
import { freePort } from './kernel/ports';
import { headlessApp } from './headless-app';

export const HEADLESS_DEFAULT_PORT = 7707;

export interface RuntimeInfo { pid: number; url: string; apiBase: string; token: string; startedAt: string }

/** What the server answers when a request cannot even be turned into a URL (a Host that does not parse, …). */
function unparseableRequest(err: unknown): Response {
  const error = `malformed request: ${err instanceof Error ? err.message : String(err)}`;
  return new Response(JSON.stringify({ error }), { status: 400, headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' } });
}

export async function serveHeadless(kernel: Kernel, opts: { port?: number } = {}) {
  const port = await freePort(opts.port ?? HEADLESS_DEFAULT_PORT);
  if (opts.port && port !== opts.port) throw new Error(`port ${opts.port} is already in use: choose another with --port, or omit it to pick a free one`);
  const token = randomBytes(24).toString('base64url');
  const origin = `http://127.0.0.1:${port}`;
  const { app, close: closeStreams } = headlessApp({ kernel, token, port, rendererDir: join(appRoot, 'dist', 'renderer') });
  const listener = getRequestListener(app.fetch, { errorHandler: unparseableRequest });
  // slow clients: the headers must arrive within 20 s and a whole request within 2 minutes
  const server = createServer({ headersTimeout: 20_000, requestTimeout: 120_000 }, (req, res) => {
    listener(req, res).catch((err) => { console.error(`headless: ${(err as Error).message}`); res.destroy(); });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve); });
  server.on('error', (err) => console.error(`headless server: ${err.message}`));

  const runtime: RuntimeInfo = { pid: process.pid, url: `${origin}/?token=${token}`, apiBase: origin, token, startedAt: new Date().toISOString() };
  const runtimeFile = join(kernel.home, 'runtime.json');
  writeFileSync(runtimeFile, JSON.stringify(runtime, null, 2), { mode: 0o600 });
  chmodSync(runtimeFile, 0o600); // also when an earlier run left one with other permissions

  return {
    runtime,
    async close() {
      closeStreams();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      if (existsSync(runtimeFile) && JSON.parse(readFileSync(runtimeFile, 'utf8')).pid === process.pid) rmSync(runtimeFile);
    },
  };
}
