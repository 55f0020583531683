/**
 * Entry point of a worker process started by the kernel's pool:
 *   fork('workers/main.ts', [kind], { execArgv: ['--import', 'tsx'] })   (or Electron utilityProcess)
 * Protocol (common/worker-protocol.ts): parent sends `config`; the child answers `register`, then
 * `heartbeat` every config.heartbeatMs, `event` / `log` as work happens, `request` for kernel data.
 * On `stop`, SIGTERM or SIGINT: stop polling, finish in-flight tasks, send `stopped`, exit 0.
 * `engine` switches the engine connection (or pauses, null) and is answered with `engine-ack`; a lost
 * connection pauses the worker and says `engine-lost`. When the parent goes away (the kernel died),
 * the worker exits within seconds, also in the middle of a long poll.
 */
import { startWorker, type RunningWorker, type WorkerIO } from './base';
import { parentHost, type Host } from './host';
import { isWorkerKind, loadWorkerKind } from './kinds';
import { reportAdapters, type AdapterReports } from './adapter-reports';
import type { EngineConnection, ParentMessage, WorkerConfig, WorkerRequestMethod } from '../common/worker-protocol';

const REQUEST_TIMEOUT_MS = 10_000;
const CONFIG_TIMEOUT_MS = 30_000;
/** Without a parent, in-flight tasks get this long to finish before the process exits. */
const ORPHAN_STOP_MS = 2000;

function run(host: Host, argvKind: string | undefined) {
  let kindName = argvKind ?? 'worker';
  let worker: RunningWorker | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let adapters: AdapterReports | undefined;
  let shuttingDown = false;
  /** an `engine` message that came before the worker started */
  let engineBeforeStart: EngineConnection | null | undefined;
  let nextRequestId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();

  const io: WorkerIO = {
    emit: (event) => host.send({ type: 'event', event }),
    log: (line) => host.send({ type: 'log', line: `[${kindName}] ${line}` }),
    request: ((method: WorkerRequestMethod, params?: unknown) => new Promise((resolve, reject) => {
      const id = nextRequestId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`kernel did not answer request ${method} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      host.send({ type: 'request', id, method, params });
    })) as WorkerIO['request'],
  };

  const configTimer = setTimeout(() => {
    process.stderr.write(`worker ${kindName}: no config from the parent within ${CONFIG_TIMEOUT_MS} ms; exiting\n`);
    process.exit(1);
  }, CONFIG_TIMEOUT_MS);

  let ollamaBeforeStart: WorkerConfig['ollama'] | undefined;
  let current: WorkerConfig | undefined;
  const start = async (config: WorkerConfig) => {
    clearTimeout(configTimer);
    if (worker || shuttingDown) return;
    current = config;
    if (ollamaBeforeStart) config.ollama = ollamaBeforeStart;
    kindName = argvKind ?? config.kind;
    const kind = await loadWorkerKind(kindName);
    worker = startWorker(kind, config, io, {
      engine: engineBeforeStart,
      onEngineLost: (url, reason) => host.send({ type: 'engine-lost', url, reason }),
    });
    host.send({ type: 'register', kind: kind.kind, pid: process.pid, topics: worker.topics, tags: kind.tags, engineUrl: worker.engineUrl() ?? undefined });
    adapters = reportAdapters(kind, config, (message) => host.send(message));
    const beat = () => host.send({ type: 'heartbeat', at: Date.now(), inFlight: worker?.inFlight() ?? 0 });
    beat();
    heartbeat = setInterval(beat, config.heartbeatMs);
  };

  const shutdown = async (reason: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    clearTimeout(configTimer);
    io.log(`stopping (${reason})`);
    const orphaned = reason === 'parent disconnected';
    // nobody waits for an orphan: it exits even if a task or a request hangs
    if (orphaned) setTimeout(() => process.exit(0), ORPHAN_STOP_MS + 1000).unref();
    await worker?.stop(orphaned ? ORPHAN_STOP_MS : undefined);
    if (heartbeat) clearInterval(heartbeat);
    adapters?.stop();
    host.send({ type: 'stopped' });
    setTimeout(() => process.exit(0), 50);
  };

  host.onMessage((message: ParentMessage) => {
    if (message.type === 'config') {
      start(message.config).catch((error) => {
        process.stderr.write(`worker ${kindName} failed to start: ${error instanceof Error ? error.stack : error}\n`);
        process.exit(1);
      });
    } else if (message.type === 'check-adapters') {
      adapters?.update(message.settings);
    } else if (message.type === 'engine') {
      if (worker) worker.setEngine(message.engine);
      else engineBeforeStart = message.engine;
      host.send({ type: 'engine-ack', url: message.engine?.url ?? null });
    } else if (message.type === 'ollama') {
      // handlers read ctx.config.ollama at each task: the next one uses the new address
      if (current) Object.assign(current.ollama, message.ollama);
      else ollamaBeforeStart = message.ollama;
    } else if (message.type === 'poll-now') {
      worker?.pollNow();
    } else if (message.type === 'stop') {
      void shutdown('stop requested');
    } else if (message.type === 'response') {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    }
  });
  host.onDisconnect(() => void shutdown('parent disconnected'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

// The kind: an argument (fork / utilityProcess args; where a launcher puts extra argv entries first,
// the known name is searched), else PROCOS_WORKER_KIND, else `config.kind` from the parent.
const argvKind = process.argv.slice(2).find(isWorkerKind) ?? process.env.PROCOS_WORKER_KIND;
const host = parentHost();
if (!host) {
  process.stderr.write('workers/main.ts runs as a child of the ProcOS kernel; for a standalone worker use `procos worker`\n');
  process.exit(2);
} else {
  run(host, argvKind);
}
