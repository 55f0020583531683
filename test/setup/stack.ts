/**
 * Boots the real stack once for the `stack` project (test/stack/, test/e2e/): `procos start --headless`
 * with a fresh PROCOS_HOME. The engine port and the Ollama URL it is configured with are taken by
 * "someone else" (a plain HTTP server) before it starts, so it must come up on free ports. They are
 * ports of the test's own, not 8080 and 11434: on a shared machine another ProcOS's real Ollama may
 * answer there, and a stack that attached to it would depend on a process that comes and goes.
 * At teardown it is stopped with SIGTERM and every process it ran must be gone.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../main/kernel/ports';
import { fetchResources, resourcesPresent } from '../../main/resources';
import { createHttpClient } from '../../common/http-client';
import { alive, processesInGroups } from '../helpers/processes';

const root = resolve(import.meta.dirname, '..', '..');

/** A plain HTTP server on a free port: "someone else" where the stack is told to go. */
async function squatter(): Promise<Server> {
  const port = await freePort();
  return new Promise((ok) => {
    const server = createServer((_req, res) => res.end('someone else'));
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}
const portOf = (server: Server) => (server.address() as { port: number }).port;


export default async function setup(project: TestProject) {
  if (!resourcesPresent()) await fetchResources();
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  }
  const squatters = [await squatter(), await squatter()];
  const [enginePort, ollamaPort] = squatters.map(portOf);
  const home = mkdtempSync(join(tmpdir(), 'procos-test-'));
  const child = spawn(process.execPath, [join(root, 'bin', 'procos.js'), 'start', '--headless', '--port', '0'], {
    cwd: root,
    env: { ...process.env, PROCOS_HOME: home, PROCOS_HEARTBEAT_MS: '1000', PROCOS_ENGINE_PORT: String(enginePort), PROCOS_OLLAMA_URL: `http://127.0.0.1:${ollamaPort}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the stack did not become ready in 5 minutes:\n${output}`)), 300_000);
    const onData = (d: Buffer) => {
      output += d;
      if (/ProcOS ready at/.test(output)) { clearTimeout(timer); ok(); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`procos start exited with ${code}:\n${output}`)); });
  });
  const rt = JSON.parse(readFileSync(join(home, 'runtime.json'), 'utf8'));
  project.provide('procos', { url: rt.url, apiBase: rt.apiBase, token: rt.token, home, pid: child.pid!, squatted: { engine: enginePort, ollama: ollamaPort } });

  return async () => {
    const status = await createHttpClient({ baseUrl: rt.apiBase, token: rt.token }).status().catch(() => undefined);
    const pids = Object.values(status?.components ?? {}).map((c) => c.pid).filter((p): p is number => !!p);
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await exited;
    squatters.forEach((s) => s.close());
    const groups = ['engine', 'ollama'].map((n) => status?.components[n]?.pid).filter((p): p is number => !!p);
    const orphans = [...new Set([...pids.filter(alive), ...processesInGroups(groups)])];
    rmSync(home, { recursive: true, force: true });
    if (orphans.length) throw new Error(`processes left running after SIGTERM: ${orphans.join(', ')}`);
  };
}
