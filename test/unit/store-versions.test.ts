/** procos.db across versions: forward migrations, settings never dropped, a newer data dir refused untouched, bounded tables. */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkDataVersion, DataDirTooNew, readDataVersion } from '../../main/kernel/data-version';
import { Store } from '../../main/kernel/store';
import { DATA_VERSION, migrate, MIGRATIONS, renameSetting } from '../../main/kernel/store-migrations';

const tempDir = () => mkdtempSync(join(tmpdir(), 'store-versions-'));

/** Every file of a folder with its size, mode, time and content hash. */
function fingerprint(dir: string): string[] {
  return readdirSync(dir).sort().map((name) => {
    const s = statSync(join(dir, name));
    return `${name} ${s.size} ${s.mode} ${s.mtimeMs} ${createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')}`;
  });
}

describe('procos.db versions', () => {
  it('opens a database of an earlier format and brings it forward, keeping its rows', () => {
    const dir = tempDir();
    const old = new Database(join(dir, 'procos.db'));
    old.pragma('journal_mode = WAL');
    migrate(old, MIGRATIONS.slice(0, 3));
    old.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('engine.port', '8099');
    old.prepare('INSERT INTO ai_history (question, answer, model, duration_ms) VALUES (?, ?, ?, ?)').run('q', 'a', 'm', 5);
    old.close();
    expect(readDataVersion(dir)).toEqual({ version: 3, writtenBy: undefined });
    const store = new Store(dir);
    expect(store.version).toBe(DATA_VERSION);
    expect(store.settings()).toEqual({ 'engine.port': 8099 });
    expect(store.aiHistory()[0]).toMatchObject({ question: 'q', answer: 'a' });
    store.close();
    expect(readDataVersion(dir)?.writtenBy).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('moves a renamed or retyped setting to its new key and never drops a value', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    const set = (k: string, v: unknown) => db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(k, JSON.stringify(v));
    set('workers.heartbeatSeconds', 5);
    set('ui.theme', 'dark');
    set('old.flag', 'yes');
    set('new.flag', true);
    migrate(db, [...MIGRATIONS.slice(0, 1),
      renameSetting('workers.heartbeatSeconds', 'workers.heartbeatMs', (s) => Number(s) * 1000),
      renameSetting('ui.theme', 'ui.darkMode', (t) => { if (t !== 'dark' && t !== 'light') throw new Error('unknown'); return t === 'dark'; }),
      renameSetting('old.flag', 'new.flag', () => false),
      renameSetting('ui.unknown', 'ui.other')]);
    const rows = Object.fromEntries((db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]).map((r) => [r.key, JSON.parse(r.value)]));
    expect(rows).toEqual({ 'workers.heartbeatMs': 5000, 'ui.darkMode': true, 'old.flag': 'yes', 'new.flag': true });
  });

  it('refuses a data dir written by a newer ProcOS, names it, and changes no byte of it', () => {
    const dir = tempDir();
    const store = new Store(dir);
    store.updateSettings({ 'engine.port': 8123 });
    store.db.pragma(`user_version = ${DATA_VERSION + 1}`);
    store.db.prepare("UPDATE meta SET value = '9.0.0' WHERE key = 'app_version'").run();
    store.close();
    const before = fingerprint(dir);
    expect(() => checkDataVersion(dir)).toThrow(DataDirTooNew);
    expect(() => checkDataVersion(dir)).toThrow(/written by a newer ProcOS \(9\.0\.0\).*Nothing in it was changed/);
    expect(fingerprint(dir)).toEqual(before);
    expect(() => new Store(dir)).toThrow(DataDirTooNew);
  });

  it('an empty or new data dir has no version yet and passes', () => {
    expect(readDataVersion(tempDir())).toBeUndefined();
    expect(() => checkDataVersion(tempDir())).not.toThrow();
  });
});

describe('bounded tables', () => {
  it('keeps the newest AI answers up to the limit', () => {
    const store = new Store(tempDir());
    for (let i = 0; i < 30; i++) store.addAiHistory({ question: `q${i}`, answer: 'a', model: 'm', durationMs: 1 }, 10);
    const kept = store.aiHistory(100);
    expect(kept.map((e) => e.question)).toEqual(Array.from({ length: 10 }, (_, i) => `q${29 - i}`));
    store.close();
  });

  it('caps the WAL file it truncates back to after checkpoints', () => {
    const store = new Store(tempDir());
    expect(store.db.pragma('journal_size_limit', { simple: true })).toBeGreaterThan(0);
    store.close();
  });
});
