/**
 * The local store (better-sqlite3, WAL): settings, deployments, AI history, event log.
 * Schema changes are numbered forward migrations tracked in PRAGMA user_version (store-migrations.ts);
 * a database from a newer ProcOS is refused (data-version.ts). Every table that grows is bounded:
 * the event log, the deployment log and the AI history keep their newest rows (the outbox bounds
 * itself, events/outbox.ts), and the WAL file is truncated back after checkpoints.
 */
import Database from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivate, PRIVATE_FILE_MODE } from './private-files';
import type { AiHistoryEntry, KernelEvent } from '../../common/contract';
import { appVersion, DataDirTooNew } from './data-version';
import { DATA_VERSION, migrate } from './store-migrations';

/** Event log rows kept; older ones are pruned. */
export const EVENT_LOG_LIMIT = 20_000;
/** Deployment log rows kept. */
export const DEPLOYMENT_LOG_LIMIT = 5000;
/** The WAL file is cut back to this after a checkpoint (it only grows otherwise). */
const WAL_SIZE_LIMIT = 4 * 1024 * 1024;

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
    this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > DATA_VERSION) {
      this.db.close();
      throw new DataDirTooNew(dir, version, undefined);
    }
    migrate(this.db);
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('app_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(appVersion());
    this.insertEvent = this.db.prepare('INSERT INTO events (at, type, payload) VALUES (?, ?, ?)');
  }

  /** The data dir format of this database. */
  get version(): number { return this.db.pragma('user_version', { simple: true }) as number; }

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
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO deployments (deployment_id, files, processes) VALUES (?, ?, ?)')
        .run(deploymentId ?? null, JSON.stringify(files), JSON.stringify(processes));
      this.db.prepare('DELETE FROM deployments WHERE id <= (SELECT MAX(id) FROM deployments) - ?').run(DEPLOYMENT_LOG_LIMIT);
    })();
  }

  logEvent(event: KernelEvent) {
    if (event.type === 'ai-token' || event.type === 'log' || event.type === 'copilot') return; // too chatty for the log
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

  /** Adds an answer (with its conversation and how it went); the oldest go beyond `limit` rows (ai.historyLimit). */
  addAiHistory({ question, answer, model, durationMs, conversationId, ...meta }: Omit<AiHistoryEntry, 'id' | 'at'>, limit: number) {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO ai_history (question, answer, model, duration_ms, conversation_id, meta) VALUES (?, ?, ?, ?, ?, ?)')
        .run(question, answer, model, durationMs, conversationId ?? null, JSON.stringify(meta));
      this.db.prepare('DELETE FROM ai_history WHERE id <= (SELECT MAX(id) FROM ai_history) - ?').run(Math.max(1, limit));
    })();
  }

  aiHistory(limit = 200): AiHistoryEntry[] {
    const rows = this.db.prepare(`SELECT id, at, question, answer, model, duration_ms AS durationMs, conversation_id AS conversationId, meta
      FROM ai_history ORDER BY id DESC LIMIT ?`).all(limit) as (AiHistoryEntry & { meta: string | null })[];
    return rows.map(({ meta, conversationId, ...e }) => ({ ...e, ...(conversationId ? { conversationId } : {}), ...(meta ? JSON.parse(meta) : {}) }));
  }

  /** Removes a conversation's answers; how many there were. */
  forgetConversation(conversationId: string): number {
    return this.db.prepare('DELETE FROM ai_history WHERE conversation_id = ?').run(conversationId).changes;
  }

  close() { this.db.close(); }
}
