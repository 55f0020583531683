/**
 * Worker processes under Electron: each worker kind runs in a `utilityProcess` (a Node.js child
 * that Electron owns and ends with the app), behind the same WorkerLauncher interface the kernel
 * uses headless with child_process.fork. The entry is a self-contained bundle, dist/workers/main.cjs
 * (a utility process has no tsx; `.cjs` because it loads its entry through the ES module loader,
 * which reads a `.js` under a `"type": "module"` package.json as ESM). workers/host.ts talks to
 * `process.parentPort`.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { WorkerLauncher, WorkerProcess } from './kernel/launcher';
import type { ChildMessage } from '../common/worker-protocol';

export const electronLauncher: WorkerLauncher = {
  launch(kind, entry, env): WorkerProcess {
    const child: UtilityProcess = utilityProcess.fork(entry, [kind], {
      env: { ...process.env, ...env } as Record<string, string>,
      serviceName: `ProcOS worker: ${kind}`,
      stdio: 'pipe',
    });
    let exited = false;
    // a utility process's exit event has no signal: name the one we sent, if it ended it
    let sentSignal: NodeJS.Signals | null = null;
    child.once('exit', () => { exited = true; });
    return {
      get pid() { return child.pid; },
      send: (msg) => { if (!exited) child.postMessage(msg); },
      onMessage: (cb) => { child.on('message', (m: unknown) => cb(m as ChildMessage)); },
      onExit: (cb) => { child.on('exit', (code) => cb(sentSignal && code !== 0 ? null : code, code !== 0 ? sentSignal : null)); },
      onOutput: (cb) => {
        child.stdout?.on('data', (d: Buffer) => cb(String(d)));
        child.stderr?.on('data', (d: Buffer) => cb(String(d)));
      },
      kill: (signal) => {
        if (exited) return;
        sentSignal = signal ?? 'SIGTERM';
        // utilityProcess.kill() is SIGTERM on POSIX; anything harsher goes to the pid directly.
        if (signal && signal !== 'SIGTERM' && child.pid) {
          try { process.kill(child.pid, signal); return; } catch { /* fall through */ }
        }
        child.kill();
      },
    };
  },
};
