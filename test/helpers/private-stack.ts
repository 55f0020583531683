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

const root = resolve(import.meta.dirname, '..', '..');

export interface PrivateStack { child: ChildProcess; client: ProcosClient; home: string; output: () => string }

export async function startPrivateStack(home: string, env: NodeJS.ProcessEnv = {}): Promise<PrivateStack> {
  const own = { PROCOS_ENGINE_PORT: String(await freePort()), PROCOS_OLLAMA_URL: `http://127.0.0.1:${await freePort()}` };
  const child = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'start', '--headless', '--port', '0'], {
    cwd: root, env: { ...process.env, PROCOS_HOME: home, PROCOS_HEARTBEAT_MS: '1000', ...own, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((ok, fail) => {
    const onData = (d: Buffer) => { output += d; if (/ProcOS ready at/.test(output)) ok(); };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`procos start exited with ${code}:\n${output}`)));
  });
  const rt = JSON.parse(readFileSync(join(home, 'runtime.json'), 'utf8'));
  return { child, client: createHttpClient({ baseUrl: rt.apiBase, token: rt.token }), home, output: () => output };
}
