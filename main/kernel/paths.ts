/** Where things live: the data dir, the bundled resources, the per-user download cache. */
import { homedir, platform } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import which from 'which';

/** Repository / app root (the folder holding resources/ and processes/). */
export const appRoot = process.env.PROCOS_APP_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** PROCOS_HOME if set, else the platform's app-data dir (the same one Electron's userData uses). */
export function dataDir(): string {
  if (process.env.PROCOS_HOME) return resolve(process.env.PROCOS_HOME);
  const home = homedir();
  switch (platform()) {
    case 'darwin': return join(home, 'Library', 'Application Support', 'ProcOS');
    case 'win32': return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'ProcOS');
    default: return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'ProcOS');
  }
}

/** Per-user cache for downloaded resources, shared by every clone (so CI reuses it). */
export function cacheDir(): string {
  if (process.env.PROCOS_CACHE) return resolve(process.env.PROCOS_CACHE);
  if (platform() === 'win32') return join(process.env.LOCALAPPDATA ?? homedir(), 'ProcOS', 'cache');
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Caches', 'ProcOS');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'procos');
}

export const resourcesDir = () => process.env.PROCOS_RESOURCES ?? join(appRoot, 'resources');
export const processesDir = () => join(appRoot, 'processes');

export const resourcePaths = () => ({
  camundaJar: join(resourcesDir(), 'camunda-run', 'camunda-run.jar'),
  jreJava: join(resourcesDir(), 'jre', 'bin', platform() === 'win32' ? 'java.exe' : 'java'),
  ollamaBin: join(resourcesDir(), 'ollama', `${platform()}-${process.arch}`, platform() === 'win32' ? 'ollama.exe' : 'ollama'),
  modelGguf: join(resourcesDir(), 'models', 'SmolLM2-135M-Instruct.Q4_1.gguf'),
});

/** Where `command` is on PATH (PATHEXT on Windows), or undefined. */
export function onPath(command: string): string | undefined {
  return which.sync(command, { nothrow: true }) ?? undefined;
}

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
