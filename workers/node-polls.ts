/**
 * The long polls of one worker: a fetch-and-lock held open on every node of the engine, so that a task is
 * heard of at once wherever it was created (a Camunda 7 node answers a long poll early only for tasks it
 * created itself; the engine's locks keep every task to one worker).
 *
 * Capacity is shared between the nodes: the tasks in hand plus what the open polls may still bring never
 * exceed maxTasks, so a busy worker leaves tasks to the others. A node whose last answer was empty asks for
 * one task (it listens); a node that just gave tasks asks for all that is free, less one for each other node
 * that has no poll open yet. Each node backs off on its own after a failure (250 ms doubling to 5 s): a dead
 * node slows nothing. Polls are dropped (aborted) when the nodes change; finish() and kick() end them more
 * gently: a poll dropped by the client stays waiting in the engine, and takes (locks) the next task that
 * comes, for nobody.
 */
import type { LockedTask } from './external-tasks';

export interface NodePollsOptions {
  maxTasks: number;
  /** one fetch-and-lock on the node at `url` for at most `maxTasks` tasks */
  fetch(url: string, maxTasks: number, signal: AbortSignal): Promise<LockedTask[]>;
  /** tasks locked on `url`: the caller runs each and then calls done() once for it */
  onTasks(url: string, tasks: LockedTask[]): void;
  /** a poll failed (not one dropped here); `first`: the first failure since the node last answered */
  onFailure(url: string, error: unknown, first: boolean): void;
  /** the node answers again after failures */
  onRecovered(url: string): void;
  /** the pause after an empty answer (short polling; 0 with long polling) */
  idleMs: number;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 5000;

/** The polls of one set of nodes; `follow` replaces it. */
interface Round {
  urls: string[]; abort: AbortController; open: Set<string>; backingOff: Set<string>;
  /** the fetches in flight */
  fetches: Set<Promise<unknown>>;
  /** finishing: no new poll; the open ones end by themselves */
  finishing: boolean;
  /** the nodes whose open poll kick() is ending: when it ends with a failure it is sent again at once */
  kicked: Set<string>;
}

const pause = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  if (signal.aborted) return resolve();
  const timer = setTimeout(() => done(), ms);
  const done = () => { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); };
  signal.addEventListener('abort', done);
});

export class NodePolls {
  /** tasks handed out and not done yet */
  private inHand = 0;
  /** tasks the open polls may still bring */
  private reserved = 0;
  private round?: Round;
  private waiting: (() => void)[] = [];

  constructor(private opts: NodePollsOptions) {}

  /** the node URLs polled now ([] while paused) */
  get urls(): string[] { return this.round?.urls ?? []; }

  /** Poll these nodes from now on: the polls open before are dropped; [] stops polling. */
  follow(urls: string[]) {
    this.round?.abort.abort();
    this.round = urls.length ? { urls, abort: new AbortController(), open: new Set(), backingOff: new Set(), fetches: new Set(), finishing: false, kicked: new Set() } : undefined;
    this.changed();
    for (const url of urls) void this.poll(url, this.round!);
  }

  /** Stop polling without dropping the open polls at once: no new poll is sent, `farewell` runs (e.g. a
   * request that makes the engine end this worker's waiting polls), and the open polls get `graceMs` to
   * end; what is still open then is dropped. Tasks they bring still go to onTasks. */
  async finish(graceMs: number, farewell?: (urls: string[]) => Promise<unknown>) {
    const round = this.round;
    if (!round) return;
    round.finishing = true;
    this.changed(); // polls waiting for capacity end now
    if (round.fetches.size) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([farewell?.(round.urls).catch(() => undefined), Promise.allSettled([...round.fetches])]),
        new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); }),
      ]);
      clearTimeout(timer);
    }
    if (this.round === round) this.follow([]);
  }

  /**
   * Ask every node again now, for a task the engine did not announce to the waiting polls. `displace` makes
   * each node end this worker's waiting poll (a request that replaces it, as finish()'s farewell): the poll
   * then ends with the engine's refusal, or with a task it took meanwhile (handed on as usual), and is sent
   * again at once — without a backoff, once per node — so it asks the engine afresh.
   */
  async kick(displace: (urls: string[]) => Promise<unknown>) {
    const round = this.round;
    if (!round || round.finishing) return;
    // a node with no poll open asks afresh when it asks next
    const waiting = [...round.open].filter((url) => !round.kicked.has(url));
    if (!waiting.length) return;
    waiting.forEach((url) => round.kicked.add(url));
    // a node that does not answer: its poll ends by itself
    await displace(waiting).catch(() => undefined);
  }

  /** a task handed out by onTasks is finished (reported, or given back) */
  done() {
    this.inHand--;
    this.changed();
  }

  private changed() {
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((wake) => wake());
  }

  private nextChange(signal: AbortSignal) {
    return new Promise<void>((resolve) => {
      const wake = () => { signal.removeEventListener('abort', wake); resolve(); };
      this.waiting.push(wake);
      signal.addEventListener('abort', wake);
    });
  }

  /** How many tasks the node at `url` may ask for now (< 1: wait for a change). */
  private ask(url: string, round: Round, gaveTasks: boolean): number {
    const free = this.opts.maxTasks - this.inHand - this.reserved;
    if (round.urls.length === 1) return free;
    if (!gaveTasks) return Math.min(1, free);
    const listening = round.urls.filter((u) => u !== url && !round.open.has(u) && !round.backingOff.has(u)).length;
    return free - listening;
  }

  private async poll(url: string, round: Round) {
    const { signal } = round.abort;
    let gaveTasks = false;
    let failures = 0;
    while (!signal.aborted && !round.finishing) {
      const ask = this.ask(url, round, gaveTasks);
      if (ask < 1) { await this.nextChange(signal); continue; }
      this.reserved += ask;
      round.open.add(url);
      let tasks: LockedTask[] = [];
      let failure: { error: unknown } | undefined;
      const fetched = this.opts.fetch(url, ask, signal);
      round.fetches.add(fetched);
      try {
        tasks = await fetched;
      } catch (error) {
        failure = { error };
      }
      round.fetches.delete(fetched);
      this.reserved -= ask;
      round.open.delete(url);
      const kicked = round.kicked.delete(url);
      if (tasks.length) { // locked for this worker, even if the round ended meanwhile: the caller runs or returns them
        this.inHand += tasks.length;
        this.opts.onTasks(url, tasks);
      }
      this.changed();
      if (signal.aborted || round.finishing) return;
      if (failure && kicked) continue; // ended by kick(): asked again at once
      if (failure) {
        failures++;
        this.opts.onFailure(url, failure.error, failures === 1);
        round.backingOff.add(url);
        await pause(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1)), signal);
        round.backingOff.delete(url);
        continue;
      }
      if (failures) { failures = 0; this.opts.onRecovered(url); }
      gaveTasks = tasks.length > 0;
      if (!gaveTasks && this.opts.idleMs > 0) await pause(this.opts.idleMs, signal);
    }
  }
}
