/**
 * The format of procos.db, as numbered forward migrations: its PRAGMA user_version is how many have
 * run, and it is the version of the whole data dir (a release that changes anything the data dir holds
 * adds one). A migration is SQL, or a function for what SQL cannot say (settings renamed or retyped:
 * moved to the new key with the value converted, never dropped). Migrations are only ever appended.
 */
import type Database from 'better-sqlite3';

export type Migration = string | ((db: Database.Database) => void);

/**
 * A setting renamed (and/or retyped): the value moves to `to`, converted. A value that cannot be
 * converted stays under the old key, and a key already set under the new name is left as it is, so
 * nothing a user set is lost.
 */
export function renameSetting(from: string, to: string, convert: (value: unknown) => unknown = (v) => v): Migration {
  return (db) => {
    const old = db.prepare('SELECT value FROM settings WHERE key = ?').get(from) as { value: string } | undefined;
    if (!old || db.prepare('SELECT 1 FROM settings WHERE key = ?').get(to)) return;
    let value: unknown;
    try { value = convert(JSON.parse(old.value)); } catch { return; }
    if (value === undefined) return;
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(to, JSON.stringify(value));
    db.prepare('DELETE FROM settings WHERE key = ?').run(from);
  };
}

export const MIGRATIONS: Migration[] = [
  `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE deployments (id INTEGER PRIMARY KEY, deployment_id TEXT, files TEXT NOT NULL,
     processes TEXT NOT NULL, at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
   CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL);
   CREATE INDEX events_at ON events(at);`,
  `CREATE TABLE ai_history (id INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
     question TEXT NOT NULL, answer TEXT NOT NULL, model TEXT NOT NULL, duration_ms INTEGER NOT NULL);`,
  // events waiting for the message broker (main/kernel/events/outbox.ts); AUTOINCREMENT keeps ids in send order
  `CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL, routing_key TEXT NOT NULL,
     at INTEGER NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL);`,
  // which ProcOS last wrote the data dir (named when a newer data dir is refused)
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // the AI panel's conversations live in the AI history (not in one browser's storage)
  `ALTER TABLE ai_history ADD COLUMN conversation_id TEXT;
   ALTER TABLE ai_history ADD COLUMN meta TEXT;
   CREATE INDEX ai_history_conversation ON ai_history(conversation_id);`,
];

/** The data dir format this build writes (and the newest it opens). */
export const DATA_VERSION = MIGRATIONS.length;

/** Runs the migrations from the database's version on, each in its own transaction. */
export function migrate(db: Database.Database, migrations: Migration[] = MIGRATIONS) {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < migrations.length; v++) {
    const step = migrations[v];
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
