/**
 * The worker side of the registry protocol, with a real worker child process (forked like the pool
 * does): register, heartbeats while it runs, graceful stop on `stop` and on SIGTERM. (How late a
 * heartbeat may come before the kernel counts the worker unhealthy is the pool's rule, in
 * main/kernel/workers.ts.)
 * The engine URL points at a closed port: polling fails (and backs off) but the worker stays alive.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildMessage } from '../../common/worker-protocol';
import { forkWorker, workerConfig, type WorkerChild } from '../helpers/workers-child';
import { freePort } from '../helpers/workers-engine';

let worker: WorkerChild | undefined;
afterEach(async () => { if (worker?.child.exitCode === null) worker.child.kill('SIGKILL'); worker = undefined; });

async function start(heartbeatMs: number) {
  const engine = { url: `http://127.0.0.1:${await freePort()}/engine-rest` };
  worker = forkWorker('system', workerConfig('system', engine, { heartbeatMs }));
  return worker;
}

describe('worker process protocol', () => {
  it('registers with kind, pid, topics and tags, then keeps sending heartbeats', async () => {
    const w = await start(200);
    const reg = await w.waitFor((m) => m.type === 'register', 20_000) as Extract<ChildMessage, { type: 'register' }>;
    expect(reg).toMatchObject({ kind: 'system', pid: w.child.pid, topics: ['system_health_check'] });
    expect(reg.tags).toContain('health');
    await w.heartbeats(4);
    const beats = w.messages.filter((m) => m.message.type === 'heartbeat').map((m) => m.message as Extract<ChildMessage, { type: 'heartbeat' }>);
    // each says when it was sent (the worker's clock, moving on) and that no task is in flight
    expect(beats.map((b) => b.at)).toEqual([...beats.map((b) => b.at)].sort((a, b) => a - b));
    expect(beats.every((b) => b.inFlight === 0)).toBe(true);
    // under the kernel a worker that cannot reach the engine pauses and asks the kernel (no blind retries)
    expect(w.messages.some((m) => m.message.type === 'engine-lost')).toBe(true);
  });

  it('stops on {type:"stop"}: sends stopped, exits 0, no heartbeats after', async () => {
    const w = await start(100);
    await w.waitFor((m) => m.type === 'heartbeat', 20_000);
    expect(await w.stop()).toBe(0);
    const stoppedAt = w.messages.findIndex((m) => m.message.type === 'stopped');
    expect(stoppedAt).toBeGreaterThan(0);
    expect(w.messages.slice(stoppedAt + 1).some((m) => m.message.type === 'heartbeat')).toBe(false);
  });

  it('stops gracefully on SIGTERM', async () => {
    const w = await start(100);
    await w.waitFor((m) => m.type === 'register', 20_000);
    const exited = new Promise<number | null>((r) => w.child.once('exit', (code) => r(code)));
    w.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(w.messages.some((m) => m.message.type === 'stopped')).toBe(true);
  });
});
