/** Resident memory of a process tree, from /proc (Linux): VmRSS of a process and all its descendants. */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcRss { pid: number; name: string; rssKb: number }

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch { return undefined; }
}

function rssKb(pid: number): number {
  try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0); } catch { return 0; }
}

function nameOf(pid: number): string {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' '); } catch { return '?'; }
}

/** The process and its descendants, each with its RSS. */
export function processTree(root: number): ProcRss[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const ppid = parentOf(pid);
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const out: ProcRss[] = [];
  const visit = (pid: number) => {
    out.push({ pid, name: nameOf(pid), rssKb: rssKb(pid) });
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return out;
}

export const treeRssMb = (root: number) => processTree(root).reduce((n, p) => n + p.rssKb, 0) / 1024;
