/**
 * Service adapters (SMTP, Slack, HTTP) as components `adapter:<name>`. The kernel does not talk to
 * the services itself: the worker that uses the adapters checks them (at start, every 30 s, and when
 * asked) and reports over the worker protocol; only configured adapters appear (`stopped` = not
 * configured, left out). Restarting one asks for a fresh check.
 */
import type { ComponentInfo } from '../../common/contract';
import { CheckedComponent, type Components } from './components';

const CHECK_TIMEOUT_MS = 5000;

export class AdapterComponents {
  private adapters = new Map<string, CheckedComponent>();
  private waiting: (() => void)[] = [];

  /** `requestCheck` asks the workers for a fresh report (with the current adapter settings). */
  constructor(private registry: Components, private requestCheck: () => void) {}

  /** A worker's report: every adapter it has, with its health. */
  report(health: Record<string, ComponentInfo>) {
    const configured = Object.values(health).filter((a) => a.state !== 'stopped');
    const names = new Set(configured.map((a) => `adapter:${a.name}`));
    for (const [name] of this.adapters) {
      if (!names.has(name)) { this.registry.remove(name); this.adapters.delete(name); }
    }
    for (const a of configured) {
      const name = `adapter:${a.name}`;
      let component = this.adapters.get(name);
      if (!component) {
        component = new CheckedComponent(name, () => this.check());
        this.adapters.set(name, component);
        this.registry.add(component);
      }
      component.set(a.state, a.detail, { url: a.url, version: a.version });
    }
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((resolve) => resolve());
  }

  /** Asks for a fresh check; resolves with the next report (or after a few seconds without one). */
  check(timeoutMs = CHECK_TIMEOUT_MS): Promise<void> {
    const reported = new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      setTimeout(resolve, timeoutMs).unref();
    });
    this.requestCheck();
    return reported;
  }
}
