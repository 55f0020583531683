/**
 * HTTP/1.1 over a bare socket, so that requests no HTTP client would send (malformed targets, broken
 * encodings, absurd headers, lying Content-Length) reach the server as they are. Also the fuzzed
 * requests shared by test/stack/http-fuzz.test.ts and `npm run chaos`.
 */
import { connect } from 'node:net';
import fc from 'fast-check';

export interface RawAnswer {
  /** null: the server closed (or reset) the connection without an answer; 'timeout': nothing in time */
  status: number | null | 'timeout';
  head: string;
  headers: Record<string, string>;
  body: Buffer;
  /** what came back, if it does not start like an HTTP/1.x answer */
  garbage?: string;
}

/** Sends the bytes and reads one answer (Content-Length, chunked, or until the server closes). */
export function rawRequest(port: number, request: Buffer | string, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (answer: RawAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ ...parse(data), status: data.length ? parse(data).status : 'timeout' }), timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      const answer = parse(data);
      if (answer.complete) finish(answer);
    });
    socket.on('error', () => finish(parse(data)));
    socket.on('close', () => finish(parse(data)));
  });
}

function parse(data: Buffer): RawAnswer & { complete: boolean } {
  const end = data.indexOf('\r\n\r\n');
  if (!data.length) return { status: null, head: '', headers: {}, body: Buffer.alloc(0), complete: false };
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: [^\r\n]*)?\r\n/.exec(data.subarray(0, 200).toString('latin1'));
  if (!statusLine) return { status: null, head: '', headers: {}, body: Buffer.alloc(0), garbage: data.subarray(0, 200).toString('latin1'), complete: false };
  if (end < 0) return { status: Number(statusLine[1]), head: '', headers: {}, body: Buffer.alloc(0), complete: false };
  const head = data.subarray(0, end).toString('latin1');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = data.subarray(end + 4);
  const status = Number(statusLine[1]);
  let complete = false;
  let body = rest;
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    complete = rest.length >= length;
    body = rest.subarray(0, length);
  } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    complete = rest.includes('\r\n0\r\n\r\n') || rest.subarray(0, 5).toString() === '0\r\n\r\n';
    body = dechunk(rest);
  } else if (/text\/event-stream/.test(headers['content-type'] ?? '')) {
    complete = true; // an event stream does not end: its head is the answer
  } else if (status === 304 || status === 204 || (status >= 100 && status < 200)) {
    complete = true;
  }
  return { status, head, headers, body, complete };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(data.subarray(at, eol).toString(), 16);
    if (!size) break;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** A request as the fuzzer builds it, before it is turned into bytes. */
export interface FuzzRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: string;
  /**
   * 'exact': a right Content-Length; 'none': no length (a body is then garbage after the head);
   * 'chunked'; 'short': a Content-Length below the body's; 'long': one above it (the server waits for the rest)
   */
  framing: 'exact' | 'none' | 'chunked' | 'short' | 'long';
}

export function toBytes(r: FuzzRequest): Buffer {
  const headers = [...r.headers];
  const body = Buffer.from(r.body, 'latin1');
  if (r.framing === 'exact' && body.length) headers.push(['Content-Length', String(body.length)]);
  if (r.framing === 'short' && body.length) headers.push(['Content-Length', String(Math.max(0, body.length - 1))]);
  if (r.framing === 'long') headers.push(['Content-Length', String(body.length + 10)]);
  if (r.framing === 'chunked') headers.push(['Transfer-Encoding', 'chunked']);
  headers.push(['Connection', 'close']);
  const head = `${r.method} ${r.target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  const payload = r.framing === 'chunked' ? Buffer.concat([Buffer.from(body.length ? `${body.length.toString(16)}\r\n` : ''), body, Buffer.from(body.length ? '\r\n0\r\n\r\n' : '0\r\n\r\n')]) : body;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

/** Targets that broke the hand-written server, and friends. */
export const KNOWN_BAD_TARGETS = [
  '/%', '/a%ZZ', '/%E0%A4%A', '//[', '/%00', '/%C0%AF', '/..%2F..%2Fetc%2Fpasswd', '/../../../etc/passwd',
  '/assets/../../package.json', '/%2e%2e/%2e%2e/package.json', '/\\..\\..\\package.json', '/api/%', '/api/status%',
  '/api/../index.html', '/api//status', '/?token=%', '/?token=%ZZ', '/?%=%', '//', '///', '//evil.example/', '*',
  'http://127.0.0.1/', 'http://[::1', '/' + 'a'.repeat(9000), '/%FF%FE', '/?' + '&'.repeat(5000), '/a b', '/\u00e9',
];

/** The fuzzer: methods, targets, headers and bodies, good and bad, for a server at `port` with `token`. */
export function fuzzRequest(port: number, token: string): fc.Arbitrary<FuzzRequest> {
  const host = `127.0.0.1:${port}`;
  const safeApi = ['status', 'logs', 'workers', 'definitions', 'instances', 'instance', 'definitionXml', 'activityStatistics', 'nope', 'events', '__proto__', 'constructor', 'toString'];
  const printable = fc.string({ unit: fc.constantFrom(...'abcAZ09-._~!$&\'()*+,;=:@/?#[]%{}|\\^`"<> '.split('')), maxLength: 40 });
  const pct = fc.array(fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFz'.split('')), maxLength: 2 }).map((h) => `%${h}`), fc.constantFrom('%', '%%', '%2', '%u00e9', '%ZZ', '%E0%A4%A')), { maxLength: 4 }).map((a) => a.join(''));
  const target = fc.oneof(
    fc.constantFrom(...KNOWN_BAD_TARGETS),
    fc.constantFrom(...safeApi).map((m) => `/api/${m}`),
    fc.constantFrom('/', '/index.html', '/monitor', '/assets/missing.js', `/?token=${token}`, '/favicon.ico'),
    fc.tuple(fc.constantFrom('/', '/api/', '/assets/', '//', '/?token='), printable, pct).map(([a, b, c]) => a + b + c),
    fc.string({ unit: 'binary', maxLength: 30 }).map((s) => `/${encodeURI(s).slice(0, 60)}`),
    fc.string({ maxLength: 30 }).map((s) => `/${s.replace(/[\r\n ]/g, '')}`),
  );
  const method = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'POST', 'HEAD') },
    { weight: 2, arbitrary: fc.constantFrom('PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'get', 'post') },
    { weight: 1, arbitrary: fc.constantFrom('CONNECT', 'PROPFIND', 'BREW', 'G E T', 'GET\u0000', '') },
  );
  const header = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<[string, string]>(
      ['Host', 'evil.example'], ['Host', `localhost:${port}`],
      ['Origin', `http://${host}`], ['Origin', 'http://evil.example'], ['Origin', 'null'], ['Origin', '%'],
      ['Authorization', `Bearer ${token}`], ['Authorization', `Bearer ${token}`], ['Authorization', `Bearer ${token}x`],
      ['Authorization', `Bearer ${token.slice(1)}`], ['Authorization', 'Bearer '], ['Authorization', 'Basic Zm9vOmJhcg=='],
      ['Cookie', `procos_token=${token}`], ['Cookie', 'procos_token=%'], ['Cookie', 'procos_token=%E0%A4%A'], ['Cookie', ';;=;'],
      ['Content-Type', 'application/json'], ['Content-Type', 'text/plain; charset=utf-99'], ['Accept-Encoding', 'br, gzip'],
      ['Range', 'bytes=0-10'], ['Range', 'bytes=999999999-'], ['Range', 'bytes=-0'], ['If-None-Match', '*'],
      ['Expect', '100-continue'], ['Content-Length', '-1'], ['Content-Length', '1e3'], ['Transfer-Encoding', 'gzip, chunked'],
      ['X-Long', 'x'.repeat(20_000)], ['Cookie', 'a=' + 'b'.repeat(9000)], ['Upgrade', 'websocket'], ['Connection', 'upgrade'],
    ) },
    { weight: 3, arbitrary: fc.tuple(fc.string({ unit: fc.constantFrom(...'abcxyzXYZ-_09!#$%&*+.^`|~'.split('')), minLength: 1, maxLength: 12 }), fc.string({ maxLength: 40 })) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ unit: 'binary-ascii', maxLength: 40 })) },
  ).map(([k, v]) => [k.replace(/[\r\n:]/g, '') || 'X', v.replace(/[\r\n]/g, '')] as [string, string]);
  // mostly the right Host, so that requests get past the gate; sometimes a wrong, broken or missing one
  const hostHeader = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<[string, string][]>([['Host', host]], [['Host', `localhost:${port}`]]) },
    { weight: 2, arbitrary: fc.constantFrom<[string, string][]>([], [['Host', 'evil.example']], [['Host', '']], [['Host', '[::1']],
      [['Host', `${host}@evil`]], [['Host', 'a b']], [['Host', host], ['Host', 'evil.example']], [['Host', `${host}:1`]]) },
  );
  const body = fc.oneof(
    fc.constant(''),
    fc.json({ maxDepth: 3 }),
    fc.constantFrom('{', '{"name":', 'null', '[]', '"x"', '{"files":[{"name":"a.bpmn","xml":"<x/>"}]}', '{"id":"%"}', '{"__proto__":{"x":1}}'),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.nat({ max: 200_000 }).map((n) => 'x'.repeat(n)),
  );
  return fc.record({
    method, target, body,
    headers: fc.tuple(hostHeader, fc.array(header, { maxLength: 5 })).map(([h, rest]) => [...h, ...rest]),
    framing: fc.constantFrom<FuzzRequest['framing']>('exact', 'exact', 'exact', 'exact', 'none', 'chunked', 'short', 'long'),
  });
}

/** What counts as a proper answer to a fuzzed request: an HTTP/1.x answer with a sane status, or a closed connection. */
export function answerProblem(r: FuzzRequest, a: RawAnswer): string | undefined {
  if (a.garbage !== undefined) return `not an HTTP answer: ${JSON.stringify(a.garbage.slice(0, 80))}`;
  if (a.status === 'timeout') {
    // a body shorter than its Content-Length: the server rightly waits for the rest (a slow client)
    return r.framing === 'long' || r.headers.some(([k, v]) => /^expect$/i.test(k) && /100-continue/.test(v)) ? undefined : 'no answer in time';
  }
  if (a.status === null) return undefined;
  if (a.status >= 500) return `HTTP ${a.status}: ${a.body.toString('utf8').slice(0, 200)}`;
  return undefined;
}
