/**
 * A ProcOS of a test file's own: `procos start --headless --port 0` on a data dir the test chose,
 * resolved once it prints ready, reached through the API contract like the shared stack.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProcosClient } from '../../common/contract';
import { createHttpClient } from '../../common/http-client';

const root = resolve(import.meta.dirname, '..', '..');

export interface PrivateStack { child: ChildProcess; client: ProcosClient; home: string; output: () => string }

export interface PrivateStackOptions {
  /** in a process group of its own (a test may kill the whole group) */
  detached?: boolean;
  /** what in its output means it is up (default: it printed that it is ready) */
  until?: RegExp;
}

export async function startPrivateStack(home: string, env: NodeJS.ProcessEnv = {}, opts: PrivateStackOptions = {}): Promise<PrivateStack> {
  const child = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'start', '--headless', '--port', '0'], {
    cwd: root, env: { ...process.env, PROCOS_HOME: home, PROCOS_HEARTBEAT_MS: '1000', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: opts.detached,
  });
  let output = '';
  const until = opts.until ?? /ProcOS ready at/;
  await new Promise<void>((ok, fail) => {
    const onData = (d: Buffer) => { output += d; if (until.test(output)) ok(); };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`procos start exited with ${code}:\n${output}`)));
  });
  const rt = JSON.parse(readFileSync(join(home, 'runtime.json'), 'utf8'));
  return { child, client: createHttpClient({ baseUrl: rt.apiBase, token: rt.token }), home, output: () => output };
}
