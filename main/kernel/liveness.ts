/**
 * Liveness, as systemd's and Kubernetes' probes do it: a component that is ready is probed on and on
 * (readiness is asked only until it first answers). A probe that fails, or does not answer within
 * `timeoutMs`, marks it "not answering" at once — within `intervalMs + timeoutMs` of it hanging —
 * and when it stays so for `graceMs` it is restarted like a crash, with the reason. A probe the
 * machine slept through says nothing either way (sleep-watch.ts): after a laptop's sleep nothing
 * is restarted for having been asleep.
 */
import { machineSleep } from '../../common/sleep-watch';

export interface LivenessOptions {
  /** answers true while the component serves; the signal aborts at the probe's deadline */
  probe(signal: AbortSignal): Promise<boolean>;
  intervalMs?: number;
  timeoutMs?: number;
  graceMs?: number;
}

export interface LivenessEvents {
  /** a probe failed: `restartInMs` until it is restarted, unless it answers again */
  notAnswering(why: string, silentMs: number, restartInMs: number): void;
  /** it answers again after not answering */
  answering(): void | Promise<void>;
  /** not answering for the whole grace: restart it (the watch has stopped) */
  hung(why: string, silentMs: number): void | Promise<void>;
}

export interface Liveness { stop(): void }

export const LIVENESS_DEFAULTS = { intervalMs: 5000, timeoutMs: 5000, graceMs: 20_000 };

export function watchLiveness(opts: LivenessOptions, on: LivenessEvents): Liveness {
  const { intervalMs, timeoutMs, graceMs } = { ...LIVENESS_DEFAULTS, ...opts };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** performance.now() when it stopped answering */
  let silentSince: number | undefined;

  const tick = async () => {
    const started = performance.now();
    let why: string | undefined;
    try {
      if (!(await opts.probe(machineSleep.deadline(timeoutMs)))) why = 'its probe failed';
    } catch (err) {
      why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (err as Error).message;
    }
    if (stopped) return;
    if (!machineSleep.sleptSince(started)) {
      if (why === undefined) {
        if (silentSince !== undefined) { silentSince = undefined; await on.answering(); }
      } else {
        if (silentSince === undefined || machineSleep.sleptSince(silentSince)) silentSince = started;
        const silentMs = performance.now() - silentSince;
        if (silentMs >= graceMs) { stopped = true; await on.hung(why, silentMs); return; }
        on.notAnswering(why, silentMs, graceMs - silentMs);
      }
    }
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  timer = setTimeout(() => void tick(), intervalMs);
  return { stop() { stopped = true; clearTimeout(timer); } };
}
