/**
 * A ProcOS of a test file's own: `procos start --headless --port 0` on a data dir the test chose,
 * resolved once it prints ready, reached through the API contract like the shared stack. Its engine
 * port and Ollama URL are free ports of its own unless the test names them, so it never attaches to
 * the Ollama of another stack running beside it (integration files run side by side).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProcosClient } from '../../common/contract';
import { createHttpClient } from '../../common/http-client';
import { freePort } from '../../main/kernel/ports';
import { eventually } from './cli';
import { alive, descendants } from './processes';

const root = resolve(import.meta.dirname, '..', '..');

export interface PrivateStack { child: ChildProcess; client: ProcosClient; home: string; output: () => string }

export interface PrivateStackOptions {
  /** in a process group of its own (a test may kill the whole group) */
  detached?: boolean;
  /** what in its output means it is up (default: it printed that it is ready) */
  until?: RegExp;
}

export async function startPrivateStack(home: string, env: NodeJS.ProcessEnv = {}, opts: PrivateStackOptions = {}): Promise<PrivateStack> {
  const own = { PROCOS_ENGINE_PORT: String(await freePort()), PROCOS_OLLAMA_URL: `http://127.0.0.1:${await freePort()}` };
  const child = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'start', '--headless', '--port', '0'], {
    cwd: root, env: { ...process.env, PROCOS_HOME: home, PROCOS_HEARTBEAT_MS: '1000', ...own, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: opts.detached,
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

/**
 * Stops a private stack as a user would (SIGTERM; a paused one is resumed first) and waits until
 * every process it ran is gone: the kernel and what runs under it now, and `alsoRan` (what it ran
 * before). Kills what is left and returns it: a test expects nothing.
 */
export async function stopPrivateStack(stack: PrivateStack | undefined, alsoRan: Iterable<number> = []): Promise<number[]> {
  const kernel = stack?.child.pid;
  const pids = [...new Set([...alsoRan, ...(kernel ? [kernel, ...descendants(kernel)] : [])])];
  for (const pid of pids) { try { process.kill(pid, 'SIGCONT'); } catch { /* gone */ } }
  if (stack && stack.child.exitCode === null && stack.child.signalCode === null) {
    const exited = new Promise((ok) => stack.child.once('exit', ok));
    stack.child.kill('SIGTERM');
    await exited;
  }
  await eventually(async () => pids.every((p) => !alive(p)), 'every process of the stack to end', 120, 500).catch(() => undefined);
  const left = pids.filter(alive);
  for (const pid of left) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  return left;
}
