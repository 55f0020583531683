/**
 * The watchdog: a tiny process that ends the kernel's children when the kernel dies, even by
 * SIGKILL or a kill of its whole process group. It reads `+ pid start` / `- pid` / `end` lines from a
 * pipe; when the pipe ends it ends every watched tree. It runs in a session of its own (setsid), so
 * a signal to the kernel's process group does not reach it.
 * On Linux and macOS it is a POSIX shell script (watchdog.sh, run with `/bin/sh -c`, ~2 MB resident);
 * on Windows a Node process (watchdog-windows.cjs, run with `-e`, ~40 MB: Node's own floor) that
 * leaves the walking to taskkill. The scripts are read here and passed as arguments, so they work
 * from inside an asar archive too; the build copies them beside the bundles (scripts/build-desktop.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { OWN_PROCESS_GROUP } from './tree-kill';

const WINDOWS = process.platform === 'win32';
const scripts = new Map<string, string>();
const script = (name: string) => {
  let text = scripts.get(name);
  if (text === undefined) scripts.set(name, text = readFileSync(new URL(`./${name}`, import.meta.url), 'utf8'));
  return text;
};

export interface Watchdog {
  readonly pid?: number;
  watch(pid: number, startTime?: string): void;
  forget(pid: number): void;
  /** end every watched tree now and resolve when the watchdog has exited */
  endAll(): Promise<void>;
  /** detach: the watchdog exits on its own (ending what is still watched) once this process is gone */
  close(): void;
}

/** Starts a watchdog. Under Electron, process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it Node. */
export function startWatchdog(graceMs = 5000): Watchdog {
  const [command, args] = WINDOWS
    ? [process.execPath, ['-e', script('watchdog-windows.cjs')]]
    : ['/bin/sh', ['-c', script('watchdog.sh'), 'procos-watchdog', String(graceMs)]];
  const child: ChildProcess = spawn(command, args, {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    // its own session (setsid): a kill of the kernel's process group leaves it to clean up
    detached: OWN_PROCESS_GROUP,
    windowsHide: true,
  });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  child.stdin!.on('error', () => { /* the watchdog is gone */ });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const send = (line: string) => { if (child.exitCode === null && child.stdin!.writable) child.stdin!.write(`${line}\n`); };
  return {
    get pid() { return child.pid; },
    watch: (pid, startTime) => send(`+ ${pid} ${startTime ?? '-'}`),
    forget: (pid) => send(`- ${pid}`),
    endAll: async () => {
      child.ref(); // keep this process alive until the trees are gone
      send('end');
      await exited;
    },
    close: () => { child.stdin!.end(); },
  };
}

/** Ends the given process trees now (SIGTERM, then SIGKILL after graceMs), through a watchdog. */
export async function endTrees(pids: { pid: number; startTime?: string }[], graceMs = 5000): Promise<void> {
  const watchdog = startWatchdog(graceMs);
  for (const p of pids) watchdog.watch(p.pid, p.startTime);
  await watchdog.endAll();
}
