/**
 * The headless HTTP layer cannot be knocked over: hundreds of fuzzed requests (targets, methods,
 * headers, bodies, framings) over bare sockets against the shared running kernel each get a proper
 * HTTP answer (or a closed connection), and the kernel answers afterwards. Plus the known killers
 * (URIError / Invalid URL targets), the body limit (413 JSON, also through `procos deploy`), wrong
 * methods (405), slow and vanished clients, and the token checks on every path.
 */
import { describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { testStack } from '../helpers/stack';
import { procos } from '../helpers/cli';
import { answerProblem, fuzzRequest, KNOWN_BAD_TARGETS, rawRequest, toBytes, type FuzzRequest } from '../helpers/raw-http';

const { apiBase, token, home, client } = testStack();
const port = Number(new URL(apiBase).port);
const host = `127.0.0.1:${port}`;
const get = (target: string, headers = '') => rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${headers}Connection: close\r\n\r\n`);
const alive = async () => (await client.status()).components !== undefined;
const json = (body: Buffer) => JSON.parse(body.toString('utf8'));

describe('malformed request targets', () => {
  it.each(['/%', '/a%ZZ', '/%E0%A4%A', '//['])('GET %s → 400 with a JSON reason, and the kernel lives', async (target) => {
    const answer = await get(target);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/application\/json/);
    expect(json(answer.body).error).toMatch(/malformed request target/);
    expect(await alive()).toBe(true);
  });

  it('every known bad target gets an HTTP answer below 500', async () => {
    for (const target of KNOWN_BAD_TARGETS) {
      const answer = await get(target, `Authorization: Bearer ${token}\r\n`);
      expect(answer.garbage, target).toBeUndefined();
      if (answer.status !== null) expect(answer.status, target).toBeLessThan(500);
    }
    expect(await alive()).toBe(true);
  });

  it('static files come only from the renderer folder', async () => {
    for (const target of ['/../package.json', '/assets/../../package.json', '/%2e%2e/package.json', '/..%2Fpackage.json']) {
      const answer = await get(target);
      expect(answer.body.toString(), target).not.toContain('"devDependencies"');
    }
  });
});

describe('the body limit', () => {
  it('a body over 20 MB → 413 with a JSON error', async () => {
    const res = await fetch(`${apiBase}/api/deploy`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ files: [{ name: 'big.bpmn', xml: 'x'.repeat(21 * 1024 * 1024) }] }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/request body too large: the limit is 20 MB/);
    expect(await alive()).toBe(true);
  });

  it('a chunked body over 20 MB → 413 too', async () => {
    const head = `POST /api/deploy HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
    const chunk = 'y'.repeat(1024 * 1024);
    const chunks = Array.from({ length: 22 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const answer = await rawRequest(port, `${head}${chunks}0\r\n\r\n`, 60_000);
    expect(answer.status).toBe(413);
    expect(json(answer.body).error).toMatch(/too large/);
  });

  it('`procos deploy` of a file over 20 MB prints the 413 message, not "not reachable"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procos-big-'));
    try {
      const file = join(dir, 'huge.bpmn');
      writeFileSync(file, `<?xml version="1.0"?><!-- ${'z'.repeat(21 * 1024 * 1024)} --><definitions/>`);
      const { code, stderr } = await procos(['deploy', file], home);
      expect(code).toBe(1);
      expect(stderr).toMatch(/request body too large: the limit is 20 MB/);
      expect(stderr).not.toMatch(/not reachable/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('methods', () => {
  it.each([
    ['PUT', '/api/status', 'POST'], ['DELETE', '/api/status', 'POST'], ['GET', '/api/status', 'POST'],
    ['POST', '/api/events', 'POST'], ['POST', '/', 'GET, HEAD'], ['DELETE', '/index.html', 'GET, HEAD'], ['PATCH', '/monitor', 'GET, HEAD'],
  ])('%s %s → 405 naming the allowed methods', async (method, target, allow) => {
    const answer = await rawRequest(port, `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    if (method === 'POST' && target === '/api/events') {
      // POST /api/events is an API call to a method that does not exist
      expect(answer.status).toBe(404);
      return;
    }
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe(allow);
    expect(json(answer.body).error).toBeTruthy();
  });
});

describe('tokens', () => {
  const api = (headers: Record<string, string>) => fetch(`${apiBase}/api/status`, { method: 'POST', headers });
  const wrong = [token.slice(0, -1), `${token}x`, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), '', token.toUpperCase() === token ? 'x' : token.toUpperCase()];

  it('bearer: only the exact token passes', async () => {
    for (const t of wrong) {
      const res = await api({ authorization: `Bearer ${t}` });
      expect(res.status, t).toBe(401);
      expect((await res.json()).error).toMatch(/missing or wrong token: open the URL printed by `procos start`/);
    }
    expect((await api({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('cookie: only the exact token passes', async () => {
    for (const t of wrong) expect((await api({ cookie: `procos_token=${t}` })).status, t).toBe(401);
    expect((await api({ cookie: `other=1; procos_token=${token}` })).status).toBe(200);
  });

  it('?token=: only the exact token sets the cookie', async () => {
    for (const t of wrong) {
      const res = await fetch(`${apiBase}/?token=${encodeURIComponent(t)}`, { redirect: 'manual' });
      expect(res.status, t).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    const res = await fetch(`${apiBase}/?token=${token}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^procos_token=${token};`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('pages carry the CSP and nosniff; API answers are not cached', async () => {
    const page = await fetch(`${apiBase}/`);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const res = await api({ authorization: `Bearer ${token}` });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('slow and vanished clients', () => {
  it('half-sent heads, half-sent bodies, dropped event streams and reset sockets leave the server serving', async () => {
    const sockets = [
      `GET / HTTP/1.1\r\nHost: ${host}\r\n`, // head never finished
      `POST /api/status HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Length: 100000\r\n\r\n{"a":`, // body never finished
      `GET /api/events HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\n\r\n`, // stream, then gone
    ].flatMap((req) => Array.from({ length: 10 }, () => {
      const socket = connect(port, '127.0.0.1', () => socket.write(req));
      socket.on('error', () => undefined);
      return socket;
    }));
    // every hostile request is on its way (or refused) before the server is asked whether it still serves
    await Promise.all(sockets.map((s) => new Promise((sent) => (s.connecting ? s.once('connect', sent).once('error', sent) : sent(undefined)))));
    expect(await alive()).toBe(true);
    sockets.forEach((s, i) => (i % 2 ? s.destroy() : s.resetAndDestroy()));
    // an event stream whose client reads nothing while events flow
    const stalled = connect(port, '127.0.0.1', () => stalled.write(`GET /api/events HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\n\r\n`));
    stalled.on('error', () => undefined);
    stalled.pause();
    await Promise.all(Array.from({ length: 20 }, () => client.status()));
    stalled.destroy();
    expect(await alive()).toBe(true);
  });
});

describe('fuzzing', () => {
  it('a few hundred fuzzed requests each get a proper answer, and the kernel lives', async () => {
    const problems: string[] = [];
    const statuses = new Map<string, number>();
    await fc.assert(fc.asyncProperty(fuzzRequest(port, token), async (request: FuzzRequest) => {
      const answer = await rawRequest(port, toBytes(request), 5000);
      const key = String(answer.status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      const problem = answerProblem(request, answer);
      if (problem) problems.push(`${request.method} ${request.target.slice(0, 80)} → ${problem}`);
      return !problem;
    }), { numRuns: 400, seed: 20260408, endOnFailure: true });
    expect(problems).toEqual([]);
    // the fuzzer reached the server's parser, the gate, the API and the pages
    for (const status of ['200', '400', '401', '405', '421']) expect(statuses.get(status), `answers with ${status}`).toBeGreaterThan(0);
    const res = await fetch(`${apiBase}/api/status`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).result.components).toBeTruthy();
  });
});
