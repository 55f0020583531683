/**
 * Tells "the whole machine slept" from "a part hung". A laptop's sleep (or every process of the
 * stack frozen, as a closed lid does) stops the kernel too: when it runs again, its own timers fire
 * late (its event loop stalled) or the wall clock jumped ahead of the monotonic one (a real suspend
 * stops the monotonic clock). Either way every silence that began before the wake is the machine's,
 * not a part's: heartbeat ages, liveness probes and deadlines start over from the wake. A part that
 * stays silent while the kernel itself runs on is hung.
 * One watch per process (the machine is the same for every part): `machineSleep`. The kernel and
 * the workers use it alike (a worker's call in flight when the machine slept gets its full time after
 * the wake), so it lives here, with no Node-only import.
 */

export interface Wake { sleptMs: number; how: 'event loop stalled' | 'wall clock jumped'; at: number }

/** The two clocks compared: monotonic (stops during a real suspend) and wall (jumps over it). */
export interface Clocks { mono(): number; wall(): number }
const SYSTEM_CLOCKS: Clocks = { mono: () => performance.now(), wall: () => Date.now() };

export class SleepWatch {
  private lastMono: number;
  private lastWall: number;
  /** performance.now() of the last wake (-Infinity: none yet) */
  private wokeAt = -Infinity;
  private listeners = new Set<(wake: Wake) => void>();

  /** tickMs: how often the clocks are compared; thresholdMs: a gap beyond the tick that counts as a sleep */
  constructor(private tickMs = 1000, private thresholdMs = 5000, private clocks: Clocks = SYSTEM_CLOCKS) {
    this.lastMono = clocks.mono();
    this.lastWall = clocks.wall();
    const timer = setInterval(() => this.check(), tickMs);
    (timer as { unref?: () => void }).unref?.(); // the watch keeps no process alive
  }

  /** Calls `listener` after every sleep; returns what stops it. */
  onWake(listener: (wake: Wake) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Compares the clocks now (any caller may: whoever runs first after a wake notices it). True when a sleep just ended. */
  check(): boolean {
    const mono = this.clocks.mono();
    const wall = this.clocks.wall();
    const stalled = mono - this.lastMono - this.tickMs;
    const jumped = (wall - this.lastWall) - (mono - this.lastMono);
    this.lastMono = mono;
    this.lastWall = wall;
    if (stalled <= this.thresholdMs && Math.abs(jumped) <= this.thresholdMs) return false;
    this.wokeAt = mono;
    const wake: Wake = stalled > this.thresholdMs
      ? { sleptMs: Math.round(stalled + this.tickMs), how: 'event loop stalled', at: wall }
      : { sleptMs: Math.round(jumped), how: 'wall clock jumped', at: wall };
    for (const listener of this.listeners) listener(wake);
    return true;
  }

  /** Whether the machine slept after `since` (a performance.now() reading): what began then saw the sleep. */
  sleptSince(since: number): boolean {
    this.check();
    return this.wokeAt > since;
  }

  /** performance.now() of the last wake, or -Infinity. */
  get lastWake(): number { this.check(); return this.wokeAt; }

  /**
   * A signal that aborts (TimeoutError) after `ms` of time the machine was awake: a deadline that ran
   * out only because the machine slept starts over from the wake. Aborts too when `also` does.
   */
  deadline(ms: number, also?: AbortSignal): AbortSignal {
    const controller = new AbortController();
    let from = this.clocks.mono();
    let timer: ReturnType<typeof setTimeout>;
    const arm = (wait: number) => {
      timer = setTimeout(() => {
        const woke = this.lastWake;
        if (woke > from) { from = woke; return arm(ms); }
        controller.abort(new DOMException(`no answer within ${Math.round(ms / 1000)} s`, 'TimeoutError'));
      }, Math.max(0, wait));
      (timer as { unref?: () => void }).unref?.();
    };
    arm(ms);
    if (also) {
      if (also.aborted) controller.abort(also.reason);
      else also.addEventListener('abort', () => controller.abort(also.reason), { once: true });
    }
    controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    return controller.signal;
  }
}

/** The machine's sleep, as this process sees it. */
export const machineSleep = new SleepWatch();

/** How a wake reads in logs and status: "the machine slept for 31 s (event loop stalled)". */
export const describeWake = (w: Wake) => `the machine slept for ${Math.round(w.sleptMs / 1000)} s (${w.how})`;
