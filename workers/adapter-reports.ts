/**
 * A worker whose kind uses service adapters reports their health to the kernel, which shows them as
 * `adapter:*` components: once at start, every 30 s, and when the kernel asks (`check-adapters`, sent
 * with the current adapter settings after they change, or when someone restarts an adapter).
 */
import type { ChildMessage, AdapterSettings, WorkerConfig } from '../common/worker-protocol';
import type { HandlerSet } from './handler';

export const ADAPTER_CHECK_MS = 30_000;

export interface AdapterReports {
  /** take new adapter settings (the handlers see them from the next task on) and report at once */
  update(settings: AdapterSettings): void;
  stop(): void;
}

export function reportAdapters(kind: HandlerSet, config: WorkerConfig, send: (message: ChildMessage) => void): AdapterReports {
  const check = kind.adapterHealth;
  if (!check) return { update: () => undefined, stop: () => undefined };
  let running: Promise<void> | undefined;
  const report = () => {
    running ??= check(config)
      .then((health) => send({ type: 'adapters', health }))
      .catch(() => { /* the next round tries again */ })
      .finally(() => { running = undefined; });
  };
  report();
  const timer = setInterval(report, ADAPTER_CHECK_MS);
  timer.unref();
  return {
    update(settings) {
      config.smtp = settings.smtp;
      config.slack = settings.slack;
      if (running) void running.then(report);
      else report();
    },
    stop: () => clearInterval(timer),
  };
}
