/**
 * Runs a real worker process the way the kernel's pool does (fork workers/main.ts with tsx, send
 * `config`), records what it sends, and answers its `componentStates` requests.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { ComponentInfo } from '../../common/contract';
import type { ChildMessage, EngineConnection, WorkerConfig } from '../../common/worker-protocol';
import { TEST_THREADS } from './workers-ollama';

export function workerConfig(kind: string, engine: EngineConnection, overrides: Partial<WorkerConfig> = {}): WorkerConfig {
  return {
    kind,
    engine: { url: engine.url, user: engine.user, password: engine.password },
    ollama: { url: process.env.PROCOS_TEST_OLLAMA_URL ?? 'http://127.0.0.1:11434', defaultModel: 'smollm2:135m', threads: TEST_THREADS },
    heartbeatMs: 1000,
    maxTasks: 10,
    lockDurationMs: 20_000,
    asyncResponseTimeoutMs: 10_000,
    retryBaseMs: 200,
    defaultRetries: 3,
    ...overrides,
  };
}

export interface WorkerChild {
  child: ChildProcess;
  messages: { at: number; message: ChildMessage }[];
  waitFor(pred: (m: ChildMessage) => boolean, timeoutMs?: number): Promise<ChildMessage>;
  /** resolves once `n` more heartbeats came: time passed on the worker's own event loop (its polls
   * would have run too), instead of a fixed sleep */
  heartbeats(n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<number | null>;
}

export function forkWorker(kind: string, config: WorkerConfig,
  componentStates: Record<string, ComponentInfo> = {}, env: NodeJS.ProcessEnv = {}): WorkerChild {
  const child = fork('workers/main.ts', [kind], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.stderr?.on('data', (d) => process.stderr.write(`[worker ${kind}] ${d}`));
  const messages: WorkerChild['messages'] = [];
  const waiters: { pred: (m: ChildMessage) => boolean; resolve(m: ChildMessage): void }[] = [];
  child.on('message', (raw) => {
    const message = raw as ChildMessage;
    messages.push({ at: Date.now(), message });
    if (process.env.PROCOS_TEST_VERBOSE && message.type === 'log') console.log(`[${kind}] ${message.line}`);
    if (message.type === 'request' && message.method === 'componentStates') {
      child.send({ type: 'response', id: message.id, result: componentStates });
    }
    for (const w of [...waiters]) if (w.pred(message)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(message); }
  });
  child.send({ type: 'config', config });
  return {
    child,
    messages,
    waitFor(pred, timeoutMs = 30_000) {
      const seen = messages.find((m) => pred(m.message));
      if (seen) return Promise.resolve(seen.message);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker ${kind}: no matching message within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ pred, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
    async heartbeats(n, timeoutMs = 30_000) {
      const count = () => messages.filter((m) => m.message.type === 'heartbeat').length;
      const target = count() + n;
      await this.waitFor((m) => m.type === 'heartbeat' && count() >= target, timeoutMs);
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', (code) => { clearTimeout(kill); resolve(code); });
        child.send({ type: 'stop' });
      });
    },
  };
}
