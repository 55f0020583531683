/**
 * A worker process (forked like the pool does) follows the engine the kernel names, and sends its
 * credentials nowhere else: when its engine stops answering it pauses and says `engine-lost`; a
 * stranger that takes the old port gets nothing; on `engine` it switches at once (the long poll in
 * flight is dropped) and confirms with `engine-ack`. And it exits when the kernel goes away, also in
 * the middle of a long poll. The "servers" here are plain HTTP listeners that record what reaches them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { ChildMessage } from '../../common/worker-protocol';
import { forkWorker, workerConfig, type WorkerChild } from '../helpers/workers-child';
import { freePort, sleep } from '../helpers/workers-engine';

/** a worker heartbeat every 250 ms: six of them are time enough for several polls, had it not paused */
const BEAT = { heartbeatMs: 250 };
const PAUSE_BEATS = 6;

interface Listener { server: Server; url: string; requests: { path: string; authorization?: string }[]; close(): Promise<void> }

/** Records every request; a long poll (fetchAndLock) is held open, as an engine does. */
async function listener(port = 0): Promise<Listener> {
  const requests: Listener['requests'] = [];
  const held = new Set<import('node:http').ServerResponse>();
  const server = createServer((req: IncomingMessage, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    if (req.url?.endsWith('/fetchAndLock')) { held.add(res); return; } // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', () => ok()));
  const actual = (server.address() as { port: number }).port;
  return {
    server, requests, url: `http://127.0.0.1:${actual}/engine-rest`,
    close: () => new Promise((ok) => { held.forEach((r) => r.destroy()); server.close(() => ok()); }),
  };
}

let worker: WorkerChild | undefined;
const listeners: Listener[] = [];
afterEach(async () => {
  if (worker?.child.exitCode === null) worker.child.kill('SIGKILL');
  worker = undefined;
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

async function until(what: string, check: () => boolean, tries = 300) {
  for (let i = 0; i < tries; i++) { if (check()) return; await sleep(100); }
  throw new Error(`gave up waiting for ${what}`);
}

describe('a worker follows the engine the kernel names', () => {
  it('pauses when its engine is gone: a stranger on the old port gets no request; then it switches on `engine`', async () => {
    const oldPort = await freePort();
    const creds = { user: 'admin', password: 'secret-pw' };
    worker = forkWorker('system', workerConfig('system', { url: `http://127.0.0.1:${oldPort}/engine-rest`, ...creds }, BEAT));
    const lost = await worker.waitFor((m) => m.type === 'engine-lost', 30_000) as Extract<ChildMessage, { type: 'engine-lost' }>;
    expect(lost.url).toBe(`http://127.0.0.1:${oldPort}/engine-rest`);
    expect(lost.reason).toMatch(/ECONNREFUSED/);

    const stranger = await listener(oldPort);
    listeners.push(stranger);
    await worker.heartbeats(PAUSE_BEATS);
    expect(stranger.requests).toEqual([]);

    const engine = await listener();
    listeners.push(engine);
    worker.child.send({ type: 'engine', engine: { url: engine.url, ...creds } });
    const ack = await worker.waitFor((m) => m.type === 'engine-ack') as Extract<ChildMessage, { type: 'engine-ack' }>;
    expect(ack.url).toBe(engine.url);
    await until('a long poll at the new engine', () => engine.requests.some((r) => r.path.endsWith('/external-task/fetchAndLock')));
    expect(engine.requests[0].authorization).toBe(`Basic ${Buffer.from('admin:secret-pw').toString('base64')}`);
    expect(stranger.requests).toEqual([]);
  });

  it('drops the long poll in flight when told the engine is down, and sends nothing until the next one', async () => {
    const first = await listener();
    listeners.push(first);
    worker = forkWorker('system', workerConfig('system', { url: first.url, user: 'admin', password: 'pw' }, BEAT));
    await until('a long poll', () => first.requests.length === 1);
    worker.child.send({ type: 'engine', engine: null });
    expect((await worker.waitFor((m) => m.type === 'engine-ack') as { url: string | null }).url).toBeNull();
    await worker.heartbeats(PAUSE_BEATS);
    expect(first.requests).toHaveLength(1);

    const second = await listener();
    listeners.push(second);
    worker.child.send({ type: 'engine', engine: { url: second.url, user: 'admin', password: 'pw' } });
    await until('a long poll at the next engine', () => second.requests.length === 1);
    expect(first.requests).toHaveLength(1);
  });

  it('exits when the kernel goes away, in the middle of a long poll', async () => {
    const engine = await listener();
    listeners.push(engine);
    worker = forkWorker('system', workerConfig('system', { url: engine.url }));
    await until('a long poll held open', () => engine.requests.length === 1);
    const exited = new Promise<number | null>((ok) => worker!.child.once('exit', (code) => ok(code)));
    worker.child.disconnect(); // what the worker sees when the kernel dies
    expect(await exited).toBe(0);
  });
});
