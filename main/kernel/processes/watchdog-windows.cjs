// procos watchdog (Node, Windows): started by watchdog.ts as `node -e <this file>`. Windows has no
// process groups or /proc: `taskkill /T /F` walks each watched tree (no grace, no start-time check:
// Windows gives neither cheaply). Lines on stdin: `+ PID`, `- PID`, `end`; stdin ending ends them all.
const cp = require('child_process');
const watched = new Set();
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) { try { process.on(s, () => {}); } catch { /* not on this platform */ } }
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
