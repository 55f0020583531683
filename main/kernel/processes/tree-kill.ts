/**
 * Signalling a process and everything it started. Trees are found by parent pid (not only by POSIX
 * process group), so a child that left its group goes too; on Windows `taskkill /T` walks the tree.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { linuxStat } from './identity';

const platform = process.platform;

/** A child in its own process group where groups exist (POSIX); Windows has none (taskkill walks the tree). */
export const OWN_PROCESS_GROUP = platform !== 'win32';

/** Live descendants of a pid, by parent pid (so also those that left the process group). */
export function descendants(root: number): number[] {
  if (platform === 'win32') return [];
  const parents = new Map<number, number>();
  if (platform === 'linux') {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = linuxStat(Number(entry));
      if (stat) parents.set(Number(entry), Number(stat[1]));
    }
  } else {
    const out = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout ?? '';
    for (const line of out.split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid) parents.set(pid, ppid);
    }
  }
  const found = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents) if (found.has(ppid) && !found.has(pid)) { found.add(pid); grew = true; }
  }
  found.delete(root);
  return [...found];
}

/**
 * Signals a process and everything under it: its process group and its descendants (POSIX), or
 * `taskkill /T` (Windows; /F for SIGKILL). With `groupOnly`, only the group is signalled (for a
 * leader that already exited: its descendants can no longer be told by parent pid).
 */
export function signalTree(pid: number, signal: NodeJS.Signals, opts: { groupOnly?: boolean } = {}) {
  if (platform === 'win32') {
    if (opts.groupOnly) return;
    spawnSync('taskkill', ['/pid', String(pid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])], { windowsHide: true, stdio: 'ignore' });
    return;
  }
  const others = opts.groupOnly ? [] : descendants(pid);
  try { process.kill(-pid, signal); } catch { /* not a group leader, or the group is empty */ }
  if (opts.groupOnly) return;
  for (const p of [pid, ...others]) { try { process.kill(p, signal); } catch { /* gone */ } }
}
