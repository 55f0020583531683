/** Whether a process still runs (a zombie waiting to be reaped counts as gone). */
import { readFileSync } from 'node:fs';

export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    try { process.kill(pid, 0); return true; } catch { return false; }
  }
}
