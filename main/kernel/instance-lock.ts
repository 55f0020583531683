/**
 * One ProcOS per data dir, decided before anything in it is written. The lock is an operating-system
 * file lock (SQLite's exclusive lock on `<data dir>/procos.lock`, held by an open connection), so it
 * is held while its owner runs — also while it is paused or too busy to answer — and released by the
 * system when the owner exits, even by kill -9: there is no stale lock to judge. A start that cannot
 * take it is refused and touches nothing (earlier, a second start that found the first one not
 * answering went on, and at its end deleted the first one's runtime.json).
 * Beside it, `procos.lock.json` names the owner (pid, start) for the refusal's message.
 */
import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class AlreadyRunningError extends Error {
  constructor(readonly home: string, readonly owner?: { pid?: number; startedAt?: string }) {
    super(`ProcOS is already running on ${home}${owner?.pid ? ` (pid ${owner.pid}${owner.startedAt ? `, started ${owner.startedAt}` : ''})` : ''}: `
      + 'use that one (`procos status`), or stop it before starting another; another data dir (PROCOS_HOME) runs a second ProcOS');
  }
}

export class InstanceLock {
  private constructor(private db: Database.Database, private ownerFile: string) {}

  /** Takes the data dir's lock, or throws AlreadyRunningError naming who holds it. */
  static acquire(home: string): InstanceLock {
    const file = join(home, 'procos.lock');
    const ownerFile = `${file}.json`;
    const db = new Database(file, { timeout: 0 });
    try {
      db.pragma('journal_mode = MEMORY'); // nothing is stored: no journal file beside it
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE; COMMIT'); // the exclusive lock stays until the connection closes
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      let owner: { pid?: number; startedAt?: string } | undefined;
      try { owner = JSON.parse(readFileSync(ownerFile, 'utf8')); } catch { /* being written, or gone */ }
      throw new AlreadyRunningError(home, owner);
    }
    writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }), { mode: 0o600 });
    return new InstanceLock(db, ownerFile);
  }

  release() {
    if (!this.db.open) return;
    rmSync(this.ownerFile, { force: true });
    this.db.close();
  }
}
