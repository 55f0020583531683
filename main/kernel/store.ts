/**
 * The local store (better-sqlite3, WAL): settings, deployments, AI history, event log.
 * Schema changes are numbered migrations tracked in PRAGMA user_version.
 */
import Database from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivate, PRIVATE_FILE_MODE } from './private-files';
import type { AiHistoryEntry, KernelEvent } from '../../common/contract';

const migrations: string[] = [
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
];

/** Event log rows kept; older ones are pruned. */
const EVENT_LOG_LIMIT = 20_000;

export class Store {
  readonly db: Database.Database;
  private insertEvent: Database.Statement;
  private eventsSincePrune = 0;

  constructor(dir: string) {
    const file = join(dir, 'procos.db');
    // created private (settings hold passwords); SQLite gives its -wal and -shm the database's mode
    closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
    makePrivate(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    makePrivate(`${file}-wal`, `${file}-shm`);
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
    this.insertEvent = this.db.prepare('INSERT INTO events (at, type, payload) VALUES (?, ?, ?)');
  }

  private migrate() {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < migrations.length; v++) {
      this.db.transaction(() => {
        this.db.exec(migrations[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  settings(): Record<string, unknown> {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
  }

  /** Stores a patch in one transaction (`null` removes a key). Values are checked before, against the
   * settings schema (common/settings.ts); settings are read through the resolved configuration. */
  updateSettings(patch: Record<string, unknown>) {
    const upsert = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    const remove = this.db.prepare('DELETE FROM settings WHERE key = ?');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(patch)) v === null ? remove.run(k) : upsert.run(k, JSON.stringify(v));
    })();
  }

  recordDeployment(deploymentId: string | undefined, files: string[], processes: unknown[]) {
    this.db.prepare('INSERT INTO deployments (deployment_id, files, processes) VALUES (?, ?, ?)')
      .run(deploymentId ?? null, JSON.stringify(files), JSON.stringify(processes));
  }

  logEvent(event: KernelEvent) {
    if (event.type === 'ai-token' || event.type === 'log') return; // too chatty for the log
    if (event.type === 'model-pull' && !event.done) return; // so is a download's progress: its end is kept
    this.insertEvent.run(event.at, event.type, JSON.stringify(event));
    if (++this.eventsSincePrune >= 1000) {
      this.eventsSincePrune = 0;
      this.db.prepare('DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ?').run(EVENT_LOG_LIMIT);
    }
  }

  recentEvents(limit = 100): KernelEvent[] {
    const rows = this.db.prepare('SELECT payload FROM events ORDER BY id DESC LIMIT ?').all(limit) as { payload: string }[];
    return rows.map((r) => JSON.parse(r.payload));
  }

  addAiHistory(e: Omit<AiHistoryEntry, 'id' | 'at'>) {
    this.db.prepare('INSERT INTO ai_history (question, answer, model, duration_ms) VALUES (?, ?, ?, ?)')
      .run(e.question, e.answer, e.model, e.durationMs);
  }

  aiHistory(limit = 50): AiHistoryEntry[] {
    return this.db.prepare('SELECT id, at, question, answer, model, duration_ms AS durationMs FROM ai_history ORDER BY id DESC LIMIT ?')
      .all(limit) as AiHistoryEntry[];
  }

  close() { this.db.close(); }
}
