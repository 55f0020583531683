/**
 * The unit project's rule, kept by the runner: a unit test starts no process and opens no socket (no
 * network, no downloads). What tries fails at once, saying where such a test belongs. Files, temp
 * dirs and SQLite are fine.
 */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

const refuse = (what: string) => () => {
  throw new Error(`a unit test ${what}: a test that needs processes or the network belongs in test/integration/ (docs/architecture.md, "Tests")`);
};

const spawners = ['spawn', 'spawnSync', 'fork', 'exec', 'execSync', 'execFile', 'execFileSync'] as const;
for (const name of spawners) Object.assign(childProcess, { [name]: refuse(`starts a process (child_process.${name})`) });
net.Socket.prototype.connect = refuse('opens a network connection') as typeof net.Socket.prototype.connect;
net.Server.prototype.listen = refuse('listens on a port') as typeof net.Server.prototype.listen;
syncBuiltinESMExports(); // `import { spawn } from 'node:child_process'` sees the refusal too
