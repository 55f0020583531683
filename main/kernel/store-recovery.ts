/**
 * A procos.db that SQLite cannot read ("database disk image is malformed", "file is not a database":
 * a failing disk, a copy cut short, something else writing into it) must not block every start. It is
 * moved aside as `procos.db.corrupt-<time>` (with its -wal and -shm), a fresh one is created, and the
 * start goes on; the engine's data lives elsewhere and is untouched. What happened, and where the old
 * file is, is kept for the health view.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export interface StoreRecovery { reason: string; movedTo: string }

const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

/** Whether an error says the database file itself is damaged (not: busy, full, read-only). */
export function isCorruption(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return CORRUPT_CODES.has(e?.code ?? '') || /malformed|not a database/i.test(e?.message ?? '');
}

/** Why the database at `file` cannot be used, or undefined when it can (or does not exist yet). */
function damage(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    const result = db.pragma('quick_check', { simple: true });
    return result === 'ok' ? undefined : String(result);
  } catch (err) {
    if (isCorruption(err)) return (err as Error).message;
    throw err; // busy, permissions, a full disk: not the file's fault, and not to be moved aside
  } finally {
    db?.close();
  }
}

function moveAside(file: string, reason: string): StoreRecovery {
  const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, movedTo);
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${movedTo}${suffix}`);
  return { reason, movedTo };
}

/**
 * Opens the store with `open` (which creates procos.db in `home` if absent). A damaged file is found
 * before (quick_check) or by the open itself, moved aside, and the open tried once more on a fresh one.
 */
export function openStoreRecovering<T>(home: string, open: () => T): { store: T; recovered?: StoreRecovery } {
  const file = join(home, 'procos.db');
  const found = damage(file);
  let recovered = found ? moveAside(file, found) : undefined;
  try {
    return { store: open(), recovered };
  } catch (err) {
    if (recovered || !isCorruption(err)) throw err;
    recovered = moveAside(file, (err as Error).message);
    return { store: open(), recovered };
  }
}

/** The health view's words for it. */
export function describeRecovery(r: StoreRecovery): string {
  return `procos.db could not be read (${r.reason}): it was moved aside to ${r.movedTo} and a fresh one was created — settings, `
    + 'AI history, the deploy log and the event log start empty (the engine\'s processes and instances are kept)';
}
