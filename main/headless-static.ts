/**
 * Headless mode's renderer files: each in the smallest form the browser accepts (the build's Brotli or
 * gzip copy, vite.config.ts), the hashed assets (`assets/name-HASH.js`: a new build names them anew)
 * cached for a year as immutable, the rest (the page, the icon) asked again each time; a path that is
 * no file of the renderer is the app's page, also compressed. Every answer carries the page's CSP.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Vite's output names: a content hash before the extension */
const HASHED = /^\/assets\/.+-[\w-]{8,}\.\w+$/;

export interface RendererFiles {
  rendererDir: string;
  csp: string;
  /** what to answer while the renderer is not built (the health page) */
  notBuilt(c: Context): Response | Promise<Response>;
}

/** The handlers for `app.get('*', …)`, in order. */
export function rendererFiles({ rendererDir, csp, notBuilt }: RendererFiles): MiddlewareHandler[] {
  const page = join(rendererDir, 'index.html');
  return [
    async (c, next) => {
      c.header('content-security-policy', csp);
      c.header('cache-control', HASHED.test(c.req.path) ? IMMUTABLE : 'no-cache');
      if (!existsSync(page)) return notBuilt(c);
      await next();
    },
    serveStatic({ root: rendererDir, precompressed: true }),
    async (c) => { // an app route or a missing file: the app's page
      c.header('vary', 'Accept-Encoding');
      const accepts = (c.req.header('accept-encoding') ?? '').split(',').map((e) => e.trim().split(';')[0]);
      for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']]) {
        if (accepts.includes(encoding) && existsSync(page + ext)) {
          return c.body(readFileSync(page + ext), 200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': encoding, 'cache-control': 'no-cache' });
        }
      }
      return c.body(readFileSync(page), 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    },
  ];
}
