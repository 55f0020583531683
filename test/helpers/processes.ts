/** Whether a process still runs (a zombie waiting to be reaped counts as gone). */
import { readFileSync, readdirSync } from 'node:fs';

export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    try { process.kill(pid, 0); return true; } catch { return false; }
  }
}

/** Live processes whose process group is one of `groups` (a supervised child leads its own group). */
export function processesInGroups(groups: number[]): number[] {
  const wanted = new Set(groups);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && wanted.has(Number(fields[2]))) found.push(Number(entry));
    } catch { /* gone */ }
  }
  return found;
}

/** Live descendants of a pid, by parent pid (also those in process groups of their own). */
export function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const found = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents) if (found.has(ppid) && !found.has(pid)) { found.add(pid); grew = true; }
  }
  found.delete(root);
  return [...found].filter(alive);
}
