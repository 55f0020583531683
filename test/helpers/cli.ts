/** Runs the real `procos` CLI against the test stack (through its runtime.json). */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

export interface CliResult { code: number; stdout: string; stderr: string }

export function procos(args: string[], home: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'procos.js'), ...args], {
      cwd: root, env: { ...process.env, PROCOS_HOME: home, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => ok({ code: code ?? 1, stdout, stderr }));
  });
}

/** Polls until check() returns a truthy value or the attempts run out (no wall-clock assertions). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, attempts = 240, everyMs = 500): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) { last = err; }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`gave up waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
