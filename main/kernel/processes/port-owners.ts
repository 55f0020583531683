/** Who listens on a port: credentials go to the engine only once its own process holds the listener. */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { promisify } from 'node:util';
import { descendants } from './tree-kill';

const run = promisify(execFile);

/**
 * Whether the TCP listener on 127.0.0.1:`port` belongs to `pid` or one of its descendants
 * (Linux: /proc/net/tcp{,6} socket inodes against the processes' fds; macOS: lsof). undefined
 * where it cannot be told (Windows), so callers decide what an unknown owner means.
 */
export async function listenerIsOwnedBy(port: number, pid: number): Promise<boolean | undefined> {
  const tree = () => [pid, ...descendants(pid)];
  if (process.platform === 'linux') {
    const inodes = new Set<string>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text: string;
      try { text = readFileSync(table, 'utf8'); } catch { continue; }
      for (const line of text.split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        // local address "0100007F:1F90", state 0A = LISTEN, inode in column 9
        if (f.length > 9 && f[3] === '0A' && parseInt(f[1].split(':')[1], 16) === port) inodes.add(`socket:[${f[9]}]`);
      }
    }
    if (!inodes.size) return false; // nobody listens yet: no need to walk the tree
    for (const p of tree()) {
      try {
        for (const fd of readdirSync(`/proc/${p}/fd`)) {
          try { if (inodes.has(readlinkSync(`/proc/${p}/fd/${fd}`))) return true; } catch { /* closed meanwhile */ }
        }
      } catch { /* gone */ }
    }
    return false;
  }
  if (process.platform === 'darwin') {
    try {
      const owners = (await run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'])).stdout.split('\n').filter(Boolean).map(Number);
      const ours = tree();
      return owners.some((o) => ours.includes(o));
    } catch { return false; }
  }
  return undefined;
}
