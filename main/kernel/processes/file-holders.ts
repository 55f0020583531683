/** Who holds a file open (e.g. the engine's H2 database): Linux /proc/<pid>/fd, macOS lsof. */
import { execFile } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Pids that have `file` open. Empty where it cannot be told (Windows). */
export async function processesHoldingFile(file: string): Promise<number[]> {
  if (process.platform === 'linux') {
    const found: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        for (const fd of readdirSync(`/proc/${entry}/fd`)) {
          if (readlinkSync(`/proc/${entry}/fd/${fd}`) === file) { found.push(Number(entry)); break; }
        }
      } catch { /* gone, or not ours to look at */ }
    }
    return found;
  }
  if (process.platform === 'darwin') {
    try { return (await run('lsof', ['-t', '--', file])).stdout.split('\n').filter(Boolean).map(Number); } catch { return []; }
  }
  return [];
}
