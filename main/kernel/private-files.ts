/**
 * The data dir holds passwords and API keys (settings, engine credentials), the engine's database
 * and logs: it is 0700 and every file in it 0600. New files get these modes from the umask the
 * kernel sets (inherited by the engine and Ollama); files from before are repaired at start.
 * (On Windows, modes mean little: the data dir sits in the user's own profile.)
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Makes files created from now on by this process and its children private. */
export function privateUmask() {
  try { process.umask(0o077); } catch { /* not allowed in a worker thread: modes are repaired instead */ }
}

/** Creates the data dir if needed, then walks it once: directories 0700, files 0600 (symlinks are
 * left alone). Returns how many modes were repaired. */
export function secureDataDir(home: string): number {
  mkdirSync(home, { recursive: true, mode: PRIVATE_DIR_MODE });
  let repaired = 0;
  const walk = (path: string) => {
    let stat;
    try { stat = lstatSync(path); } catch { return; } // vanished meanwhile
    if (stat.isSymbolicLink()) return;
    const wanted = stat.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((stat.mode & 0o777) !== wanted) {
      try { chmodSync(path, wanted); repaired++; } catch { /* not ours: left as it is */ }
    }
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  walk(home);
  return repaired;
}

/** Sets a file private after something else created it (e.g. SQLite's -wal and -shm). */
export function makePrivate(...paths: string[]) {
  for (const path of paths) {
    try { chmodSync(path, PRIVATE_FILE_MODE); } catch { /* not there (yet) */ }
  }
}
