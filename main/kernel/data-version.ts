/**
 * Which ProcOS a data dir belongs to. Before anything else touches a data dir, its version (procos.db's
 * user_version, see store-migrations.ts) is read without changing a byte: a data dir written by a newer
 * ProcOS is refused with a message saying so, and left exactly as it was. An older one is migrated
 * forward when the store opens.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from './paths';
import { DATA_VERSION } from './store-migrations';

/** This build's version (package.json), for the data dir's record of who wrote it. */
export function appVersion(): string {
  try { return String(JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')).version); } catch { return 'unknown'; }
}

export class DataDirTooNew extends Error {
  constructor(readonly dir: string, readonly version: number, readonly writtenBy: string | undefined) {
    super(`the data dir ${dir} was written by a newer ProcOS${writtenBy ? ` (${writtenBy})` : ''}: its data format is ${version}, this ProcOS (${appVersion()}) reads up to ${DATA_VERSION}. Nothing in it was changed. Run that newer ProcOS on it, or point PROCOS_HOME at another folder (a backup made for this version restores there with \`procos restore FILE\`).`);
  }
}

/**
 * The data dir's format version and who wrote it; undefined when it has no procos.db yet. Read from a
 * copy in memory: even a read-only open of a WAL database creates its -wal and -shm files. The copy is
 * the database as of its last checkpoint (a clean stop makes one); the store checks the version again
 * once it has opened the database (store.ts).
 */
export function readDataVersion(dir: string): { version: number; writtenBy?: string } | undefined {
  const file = join(dir, 'procos.db');
  if (!existsSync(file)) return undefined;
  const image = readFileSync(file);
  if (image.length >= 20) { image[18] = 1; image[19] = 1; } // the copy as a rollback-journal database: WAL needs files
  const db = new Database(image, { readonly: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    let writtenBy: string | undefined;
    try { writtenBy = (db.prepare("SELECT value FROM meta WHERE key = 'app_version'").get() as { value: string } | undefined)?.value; } catch { /* older format: no meta table */ }
    return { version, writtenBy };
  } finally { db.close(); }
}

/** Throws DataDirTooNew for a data dir from a newer ProcOS; changes nothing. */
export function checkDataVersion(dir: string): void {
  const found = readDataVersion(dir);
  if (found && found.version > DATA_VERSION) throw new DataDirTooNew(dir, found.version, found.writtenBy);
}
