/**
 * The parent transport of a worker process, hidden: Electron's utilityProcess gives
 * `process.parentPort` (messages arrive as `{ data }`), a Node child_process gives `process.send`.
 * No `electron` import: parentPort is only looked up on `process` at run time.
 */
import type { ChildMessage, ParentMessage } from '../common/worker-protocol';

export interface Host {
  readonly transport: 'parentPort' | 'ipc';
  send(message: ChildMessage): void;
  onMessage(listener: (message: ParentMessage) => void): void;
  /** called when the parent goes away (IPC channel closed) */
  onDisconnect(listener: () => void): void;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The host of this process, or null when it runs without a parent (standalone). */
export function parentHost(): Host | null {
  const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (port) {
    return {
      transport: 'parentPort',
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data as ParentMessage)),
      onDisconnect: (listener) => watchParent(listener), // parentPort has no close event
    };
  }
  if (typeof process.send === 'function') {
    return {
      transport: 'ipc',
      send: (message) => { if (process.connected) process.send!(message); },
      onMessage: (listener) => { process.on('message', (message) => listener(message as ParentMessage)); },
      onDisconnect: (listener) => { process.once('disconnect', listener); watchParent(listener); },
    };
  }
  return null;
}

/** Calls `listener` once the parent process is gone (its pid no longer runs, or we were re-parented). */
function watchParent(listener: () => void, everyMs = 1000) {
  const parent = process.ppid;
  const timer = setInterval(() => {
    let gone = process.ppid !== parent;
    try { process.kill(parent, 0); } catch (err) { gone ||= (err as NodeJS.ErrnoException).code === 'ESRCH'; }
    if (gone) { clearInterval(timer); listener(); }
  }, everyMs);
  timer.unref();
}
