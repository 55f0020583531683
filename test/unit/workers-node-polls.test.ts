/**
 * The long polls of one worker over several engine nodes (workers/node-polls.ts), driven by a fetch that
 * the test answers by hand: what each node asks for, that the capacity is never exceeded, and that a
 * failing node backs off alone. The engine itself is in test/integration/engine-cluster.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LockedTask } from '../../workers/external-tasks';
import { NodePolls } from '../../workers/node-polls';

interface Poll { url: string; maxTasks: number; answer(tasks: LockedTask[]): void; fail(error: Error): void; signal: AbortSignal; settled?: boolean }

const task = (id: string): LockedTask => ({ id, topicName: 't', retries: null });

function harness(urls: string[], maxTasks: number) {
  const polls: Poll[] = [];
  const handed: { url: string; ids: string[] }[] = [];
  const failures: string[] = [];
  let waiters: (() => void)[] = [];
  const changed = () => { const w = waiters; waiters = []; w.forEach((f) => f()); };
  const nodePolls = new NodePolls({
    maxTasks,
    idleMs: 0,
    fetch: (url, ask, signal) => new Promise<LockedTask[]>((resolve, reject) => {
      polls.push({ url, maxTasks: ask, answer: resolve, fail: reject, signal });
      signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
      changed();
    }),
    onTasks: (url, tasks) => { handed.push({ url, ids: tasks.map((t) => t.id) }); changed(); },
    onFailure: (url, error) => { failures.push(`${url}: ${(error as Error).message}`); changed(); },
    onRecovered: () => undefined,
  });
  /** the open polls: asked, neither answered nor dropped */
  const open = () => polls.filter((p) => !p.settled && !p.signal.aborted);
  const settle = (p: Poll) => { p.settled = true; };
  const until = async (what: string, check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 50); });
    if (!check()) throw new Error(`gave up waiting for ${what}`);
  };
  nodePolls.follow(urls);
  return { nodePolls, polls, handed, failures, open, settle, until };
}

let stop: (() => void) | undefined;
afterEach(() => { stop?.(); stop = undefined; });

describe('NodePolls', () => {
  it('one node asks for all that is free, and for more only as tasks finish', async () => {
    const h = harness(['http://a'], 3);
    stop = () => h.nodePolls.follow([]);
    await h.until('a poll', () => h.open().length === 1);
    expect(h.open()[0].maxTasks).toBe(3);
    const first = h.open()[0];
    h.settle(first);
    first.answer([task('1'), task('2'), task('3')]);
    await h.until('the tasks handed on', () => h.handed.length === 1);
    expect(h.open()).toEqual([]); // at capacity: nothing asked
    h.nodePolls.done();
    await h.until('a poll for the one free slot', () => h.open().length === 1);
    expect(h.open()[0].maxTasks).toBe(1);
  });

  it('two nodes: each listens for one task; the one that gives tasks asks for the rest; never more than maxTasks', async () => {
    const h = harness(['http://a', 'http://b'], 10);
    stop = () => h.nodePolls.follow([]);
    await h.until('a poll on each node', () => h.open().length === 2);
    expect(h.open().map((p) => [p.url, p.maxTasks])).toEqual([['http://a', 1], ['http://b', 1]]);
    const onA = h.open().find((p) => p.url === 'http://a')!;
    h.settle(onA);
    onA.answer([task('a1')]);
    await h.until('node A to ask again', () => h.open().length === 2);
    const again = h.open().find((p) => p.url === 'http://a')!;
    expect(again.maxTasks).toBe(8); // 10 − 1 in hand − 1 held open on B
    const inHandPlusAsked = 1 + h.open().reduce((n, p) => n + p.maxTasks, 0);
    expect(inHandPlusAsked).toBeLessThanOrEqual(10);
  });

  it('a node that fails backs off on its own while the other keeps its poll open', async () => {
    const h = harness(['http://a', 'http://b'], 10);
    stop = () => h.nodePolls.follow([]);
    await h.until('a poll on each node', () => h.open().length === 2);
    const onA = h.open().find((p) => p.url === 'http://a')!;
    const onB = h.open().find((p) => p.url === 'http://b')!;
    h.settle(onA);
    onA.fail(new Error('connect ECONNREFUSED'));
    await h.until('the failure reported', () => h.failures.length === 1);
    expect(h.failures).toEqual(['http://a: connect ECONNREFUSED']);
    expect(h.open()).toEqual([onB]); // A waits out its backoff; B's poll stays as it was
    await h.until('node A to try again', () => h.open().some((p) => p.url === 'http://a'));
  });

  it('follow([]) drops the open polls and asks nothing more', async () => {
    const h = harness(['http://a', 'http://b'], 10);
    await h.until('a poll on each node', () => h.open().length === 2);
    const asked = h.polls.length;
    h.nodePolls.follow([]);
    await h.until('the polls dropped', () => h.polls.every((p) => p.signal.aborted));
    expect(h.polls).toHaveLength(asked);
    expect(h.failures).toEqual([]);
  });

  it('finish(): no new poll; the farewell is sent to every node; the open polls end by themselves, the rest is dropped after the grace', async () => {
    const h = harness(['http://a', 'http://b'], 10);
    await h.until('a poll on each node', () => h.open().length === 2);
    const [onA, onB] = ['http://a', 'http://b'].map((u) => h.open().find((p) => p.url === u)!);
    const farewells: string[][] = [];
    const finished = h.nodePolls.finish(300, async (urls) => {
      farewells.push(urls);
      h.settle(onA);
      onA.answer([task('late')]); // the engine ends A's poll; it brought a task on its way
    });
    await finished;
    expect(farewells).toEqual([['http://a', 'http://b']]);
    expect(h.handed).toEqual([{ url: 'http://a', ids: ['late'] }]); // still handed on: the caller gives it back
    expect(onB.signal.aborted).toBe(true); // B never answered: dropped after the grace
    expect(h.open()).toEqual([]);
    expect(h.failures).toEqual([]);
  });

  it('kick(): the waiting poll is ended by the engine, not dropped; it is sent again at once, with no backoff and no failure', async () => {
    const h = harness(['http://a'], 2);
    stop = () => h.nodePolls.follow([]);
    await h.until('a poll', () => h.open().length === 1);
    const waiting = h.open()[0];
    const displaced: string[][] = [];
    // the farewell: the engine ends the waiting poll (its refusal), then answers the farewell itself
    await h.nodePolls.kick(async (urls) => { displaced.push(urls); h.settle(waiting); waiting.fail(new Error('503 Service Unavailable')); });
    expect(displaced).toEqual([['http://a']]);
    expect(waiting.signal.aborted).toBe(false); // ended by the engine: a task it took would still come here
    await h.until('a new poll', () => h.open().length === 1 && h.open()[0] !== waiting);
    expect(h.open()[0].maxTasks).toBe(2);
    expect(h.failures).toEqual([]);
    // a later failure is a failure again
    const next = h.open()[0];
    h.settle(next);
    next.fail(new Error('connection refused'));
    await h.until('the failure reported', () => h.failures.length === 1);
  });
});
