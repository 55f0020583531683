/**
 * How a worker process is started. Headless: a Node child process (`child_process.fork` with tsx).
 * Electron: `utilityProcess` (main/electron-launcher.ts). The pool only sees this interface.
 */
import { fork } from 'node:child_process';
import type { ChildMessage, ParentMessage } from '../../common/worker-protocol';

export interface WorkerProcess {
  pid?: number;
  send(msg: ParentMessage): void;
  onMessage(cb: (msg: ChildMessage) => void): void;
  /** exit code, or the signal that ended it (named in status: "killed by SIGKILL") */
  onExit(cb: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** log output of the process, where the launcher can capture it */
  onOutput?(cb: (chunk: string) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface WorkerLauncher {
  launch(kind: string, entry: string, env: Record<string, string>): WorkerProcess;
}

export const nodeLauncher: WorkerLauncher = {
  launch(kind, entry, env) {
    const child = fork(entry, [kind], {
      env: { ...process.env, ...env },
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    return {
      get pid() { return child.pid; },
      send: (msg) => { if (child.connected) child.send(msg); },
      onMessage: (cb) => { child.on('message', (m) => cb(m as ChildMessage)); },
      onExit: (cb) => { child.on('exit', (code, signal) => cb(code, signal)); },
      onOutput: (cb) => { child.stdout!.on('data', (d) => cb(String(d))); child.stderr!.on('data', (d) => cb(String(d))); },
      kill: (signal = 'SIGTERM') => { try { child.kill(signal); } catch { /* gone */ } },
    };
  },
};
