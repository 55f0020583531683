/**
 * Who a pid is: whether it runs, when it started (so a reused pid is not taken for the process that
 * was recorded) and its command line.
 *   Linux: /proc.  macOS: ps.  Windows: PowerShell (CIM).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const platform = process.platform;

function linuxBootId(): string {
  try { return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(); } catch { return 'boot'; }
}

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, pgrp, …, starttime at index 19]. */
export function linuxStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch { return undefined; }
}

/** Whether the pid runs (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  if (platform === 'linux') {
    const stat = linuxStat(pid);
    if (stat) return stat[0] !== 'Z';
  }
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** A string that names this run of the pid (its start time): equal only for the very same process. */
export async function processStartTime(pid: number): Promise<string | undefined> {
  try {
    if (platform === 'linux') {
      const stat = linuxStat(pid);
      return stat && stat[0] !== 'Z' ? `${linuxBootId()}:${stat[19]}` : undefined;
    }
    if (platform === 'win32') {
      const { stdout } = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command',
        `(Get-CimInstance Win32_Process -Filter "ProcessId=${pid}").CreationDate.ToUniversalTime().ToString('o')`], { windowsHide: true });
      return stdout.trim() || undefined;
    }
    const { stdout } = await run('ps', ['-o', 'lstart=', '-p', String(pid)]);
    return stdout.trim() || undefined;
  } catch { return undefined; }
}

/** The command line of a pid, arguments joined by spaces. */
export async function processCommandLine(pid: number): Promise<string | undefined> {
  try {
    if (platform === 'linux') return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') || undefined;
    if (platform === 'win32') {
      const { stdout } = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command',
        `(Get-CimInstance Win32_Process -Filter "ProcessId=${pid}").CommandLine`], { windowsHide: true });
      return stdout.trim() || undefined;
    }
    const { stdout } = await run('ps', ['-ww', '-o', 'command=', '-p', String(pid)]);
    return stdout.trim() || undefined;
  } catch { return undefined; }
}
