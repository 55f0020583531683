/** Listening TCP sockets of given processes, read from /proc (Linux). */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface Listening { pid: number; address: string; port: number }

function decode(hex: string): string {
  if (hex.length === 8) return hex.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join('.');
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  if (hex.startsWith('0000000000000000FFFF0000')) return decode(hex.slice(24));
  return hex;
}

export function listeningSockets(pids: number[]): Listening[] {
  const byInode = new Map<string, { address: string; port: number }>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // 0A = LISTEN
      const [addr, port] = cols[1].split(':');
      byInode.set(cols[9], { address: decode(addr), port: parseInt(port, 16) });
    }
  }
  const found: Listening[] = [];
  for (const pid of pids) {
    let fds: string[];
    try { fds = readdirSync(`/proc/${pid}/fd`); } catch { continue; }
    for (const fd of fds) {
      let target: string;
      try { target = readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const sock = inode && byInode.get(inode);
      if (sock) found.push({ pid, ...sock });
    }
  }
  return found;
}
