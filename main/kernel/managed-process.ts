/**
 * A supervised child process: a binary run in its own process group (POSIX), so that stopping it
 * stops everything it started, or a worker from a launcher — both seen through one interface.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { OWN_PROCESS_GROUP, signalTree } from './processes/tree-kill';

export interface SpawnSpec { command: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string }

/** A running child as the supervisor sees it (a spawned binary, or a worker from a launcher). */
export interface ManagedProcess {
  readonly pid?: number;
  onExit(cb: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  onOutput(cb: (chunk: string) => void): void;
  /** signal the process (and what it started, where it can be told) */
  kill(signal: NodeJS.Signals): void;
  readonly exited: boolean;
}

/** Runs a binary in its own process group (POSIX), so stopping it stops everything it started. */
export function spawnManaged(spec: SpawnSpec): ManagedProcess {
  const child: ChildProcess = spawn(spec.command, spec.args, {
    env: spec.env ?? process.env, cwd: spec.cwd, detached: OWN_PROCESS_GROUP, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true,
  });
  let exited = false;
  const exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  let notified = false;
  const notify = (code: number | null, signal: NodeJS.Signals | null) => {
    if (notified) return;
    notified = true;
    exitListeners.forEach((cb) => cb(code, signal));
  };
  child.on('exit', (code, signal) => {
    exited = true;
    // whatever it started and left behind in its group (e.g. Ollama's model runners) goes with it
    if (child.pid) signalTree(child.pid, 'SIGKILL', { groupOnly: true });
    // listeners hear of it once its last output is read ('close'), or soon after if a straggler holds the pipe
    child.once('close', () => notify(code, signal));
    setTimeout(() => notify(code, signal), 500).unref();
  });
  child.on('error', (err) => { if (!exited) { exited = true; notify(127, null); } void err; });
  return {
    get pid() { return child.pid; },
    get exited() { return exited; },
    onExit: (cb) => { exitListeners.push(cb); },
    onOutput: (cb) => { child.stdout!.on('data', (d) => cb(String(d))); child.stderr!.on('data', (d) => cb(String(d))); },
    kill: (signal) => {
      if (child.pid && !exited) signalTree(child.pid, signal);
      else try { child.kill(signal); } catch { /* gone */ }
    },
  };
}

