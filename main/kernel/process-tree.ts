/**
 * Everything platform-specific about processes, in one place: who a pid is (start time, command
 * line), who holds a file open or listens on a port, and the watchdog that ends a process tree when the kernel dies.
 *   Linux: /proc.  macOS: ps / lsof.  Windows: PowerShell (CIM) and `taskkill /T /F`.
 * Trees are found by parent pid (not only by POSIX process group), so a child that left its group
 * goes too; on Windows taskkill walks the tree.
 */
import { spawn, spawnSync, execFile, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const platform = process.platform;

function linuxBootId(): string {
  try { return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(); } catch { return 'boot'; }
}

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, pgrp, …, starttime at index 19]. */
function linuxStat(pid: number): string[] | undefined {
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

/** Pids that have `file` open (Linux: /proc/<pid>/fd; macOS: lsof). Empty where it cannot be told. */
export async function processesHoldingFile(file: string): Promise<number[]> {
  if (platform === 'linux') {
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
  if (platform === 'darwin') {
    try { return (await run('lsof', ['-t', '--', file])).stdout.split('\n').filter(Boolean).map(Number); } catch { return []; }
  }
  return [];
}

/**
 * Whether the TCP listener on 127.0.0.1:`port` belongs to `pid` or one of its descendants
 * (Linux: /proc/net/tcp{,6} socket inodes against the processes' fds; macOS: lsof). undefined
 * where it cannot be told (Windows), so callers decide what an unknown owner means.
 */
export async function listenerIsOwnedBy(port: number, pid: number): Promise<boolean | undefined> {
  const tree = () => [pid, ...descendants(pid)];
  if (platform === 'linux') {
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
  if (platform === 'darwin') {
    try {
      const owners = (await run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'])).stdout.split('\n').filter(Boolean).map(Number);
      const ours = tree();
      return owners.some((o) => ours.includes(o));
    } catch { return false; }
  }
  return undefined;
}

/**
 * The watchdog: a tiny process that reads lines from its stdin:
 *   `+ <pid> <start time>`  watch this process tree      `- <pid>`  forget it      `end`  end them now
 * When its stdin ends — the kernel exited or died, even by SIGKILL — it sends SIGTERM to every
 * watched tree whose start time still matches (Linux; elsewhere the list is kept live), waits up to
 * `graceMs`, then SIGKILLs what is left and exits. It ignores SIGINT/SIGTERM/SIGHUP: a Ctrl-C meant
 * for the kernel must not take the watchdog down before the kernel is gone.
 * On Linux and macOS it is a POSIX shell script (`/bin/sh -c`, ~2 MB resident); on Windows a Node
 * process (no modules, run with `-e`, ~40 MB: Node's own floor, which no V8 flag lowers) that
 * leaves the walking to taskkill.
 */
const WATCHDOG_SH = `# procos watchdog (POSIX sh)
grace=\${1:-5000}
trap '' INT TERM HUP
watched=' '
linux=; [ -r /proc/self/stat ] && linux=1
boot=boot; { read -r boot < /proc/sys/kernel/random/boot_id; } 2>/dev/null || boot=boot
# fields of /proc/<pid>/stat after the command name: state, ppid, …, start time (the 20th)
fields() {
  line=; { read -r line < "/proc/$1/stat"; } 2>/dev/null || return 1
  set -- \${line##*) }
  st_state=$1 st_ppid=$2 st_start=\${20}
}
# still the process we were told about (a zombie counts: it is not reaped yet)
same() {
  [ -z "$linux" ] || [ -z "$2" ] && return 0
  fields "$1" && [ "$boot:$st_start" = "$2" ]
}
parents() {
  if [ -n "$linux" ]; then for f in /proc/[0-9]*; do fields "\${f#/proc/}" && echo "\${f#/proc/} $st_ppid"; done
  else ps -A -o pid=,ppid=; fi
}
tree() {
  all=" $1 "; grew=1
  while [ $grew = 1 ]; do
    grew=0
    while read -r p pp; do
      case "$all" in *" $pp "*) case "$all" in *" $p "*) ;; *) all="$all$p "; grew=1 ;; esac ;; esac
    done <<MAP
$map
MAP
  done
  echo $all
}
signal() { sig=$1; shift; for p; do kill -s "$sig" -- "-$p" 2>/dev/null; kill -s "$sig" "$p" 2>/dev/null; done; }
forget() { kept=' '; for w in $watched; do [ "\${w%%=*}" = "$1" ] || kept="$kept$w "; done; watched=$kept; }
# A root that died before the kernel (Ollama on a broken pipe) leaves its children to init, out of
# reach of the tree walk, but still in its process group: a group outlives its leader, and its id
# is not given to a new process while the group has members, so signalling it reaches only ours.
end_all() {
  roots=; trees=; groups=; map=$(parents)
  for w in $watched; do
    p=\${w%%=*}
    if same "$p" "\${w#*=}"; then roots="$roots $p"; trees="$trees $(tree "$p")"
    elif ! kill -0 "$p" 2>/dev/null; then groups="$groups $p"
    fi
  done
  [ -z "$roots$groups" ] && exit 0
  signal TERM $trees; for g in $groups; do kill -s TERM -- "-$g" 2>/dev/null; done
  n=$(( (grace + 99) / 100 ))
  while :; do
    left=; left_groups=
    for p in $trees; do
      kill -0 "$p" 2>/dev/null || continue
      fields "$p" && [ "$st_state" = Z ] && continue
      left="$left $p"
    done
    for g in $groups; do kill -0 -- "-$g" 2>/dev/null && left_groups="$left_groups $g"; done
    if [ -z "$left$left_groups" ] || [ "$n" -le 0 ]; then
      signal KILL $left; signal KILL $roots; for g in $left_groups; do kill -s KILL -- "-$g" 2>/dev/null; done; exit 0
    fi
    sleep 0.1; n=$((n - 1))
  done
}
while read -r op pid start rest; do
  [ "$op" = end ] && break
  case $pid in ''|*[!0-9]*) continue ;; esac
  case $op in
    +) forget "$pid"; [ "$start" = - ] && start=; watched="$watched$pid=$start " ;;
    -) forget "$pid" ;;
  esac
done
end_all
`;

/** Windows has no process groups or /proc: `taskkill /T /F` walks each watched tree (no grace, no
 * start-time check: Windows gives neither cheaply). */
const WATCHDOG_WINDOWS = String.raw`// procos watchdog (Node, Windows)
const cp = require('child_process');
const watched = new Set();
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) { try { process.on(s, () => {}); } catch {} }
let ending = false;
function endAll() {
  if (ending) return;
  ending = true;
  for (const pid of watched) cp.spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true });
  process.exit(0);
}
let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  buffer += d; let i;
  while ((i = buffer.indexOf('\n')) >= 0) {
    const [op, pid] = buffer.slice(0, i).trim().split(' '); buffer = buffer.slice(i + 1);
    if (op === '+') watched.add(Number(pid));
    else if (op === '-') watched.delete(Number(pid));
    else if (op === 'end') endAll();
  }
});
process.stdin.on('end', endAll);
process.stdin.on('error', endAll);
`;

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
  const [command, args] = platform === 'win32'
    ? [process.execPath, ['-e', WATCHDOG_WINDOWS]]
    : ['/bin/sh', ['-c', WATCHDOG_SH, 'procos-watchdog', String(graceMs)]];
  const child: ChildProcess = spawn(command, args, {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
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
