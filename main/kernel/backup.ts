/**
 * `procos backup FILE`: a consistent snapshot of the data dir while ProcOS runs, as one .tar.gz:
 *   manifest.json             what it is: format, data version, when it started, what is not in it
 *   procos.db                 settings, deployment log, AI history, event log: SQLite's online backup API
 *   engine/h2-backup.zip      the engine's H2 database: H2's online BACKUP TO (ProcosRun's /procos/h2/backup)
 *   engine/credentials.json   the engine's admin user, whose password the H2 database knows
 * Both databases are copied after the backup started, each as of one transaction: whatever was committed
 * before the start is in it. Ollama's models are not (they are downloads: the manifest names them).
 * The file appears whole or not at all (written beside it, then renamed). Restoring is restore.ts.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { create } from 'tar';
import { ApiError, type BackupResult } from '../../common/contract';
import { CamundaRest } from './camunda-rest';
import { appVersion } from './data-version';
import type { Kernel } from './index';
import { listModels } from './ollama';
import { DATA_VERSION } from './store-migrations';

export const BACKUP_FORMAT = 'procos-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  /** the data dir format (procos.db's user_version) */
  dataVersion: number;
  appVersion: string;
  startedAt: string;
  finishedAt: string;
  /** the files in the archive besides the manifest */
  files: string[];
  /** what a restored data dir will not have, each with what to do about it */
  notIncluded: string[];
}

/** The names a backup archive may hold (restore extracts nothing else). */
export const BACKUP_ENTRIES = ['manifest.json', 'procos.db', 'engine/h2-backup.zip', 'engine/credentials.json'];

let running: Promise<unknown> = Promise.resolve();

/** One backup at a time per kernel: a second waits for the first. */
export function backupDataDir(k: Kernel, file: string): Promise<BackupResult> {
  const next = running.then(() => writeBackup(k, resolve(file)));
  running = next.catch(() => undefined);
  return next;
}

async function writeBackup(k: Kernel, file: string): Promise<BackupResult> {
  const startedAt = new Date().toISOString();
  if (!existsSync(dirname(file))) throw new ApiError(`cannot write the backup to ${file}: the folder ${dirname(file)} does not exist`, 400);
  if (existsSync(file) && statSync(file).isDirectory()) throw new ApiError(`cannot write the backup to ${file}: it is a folder; name a file such as ${join(file, 'procos-backup.tar.gz')}`, 400);
  const backups = join(k.home, 'engine', 'backups');
  mkdirSync(backups, { recursive: true });
  const staging = mkdtempSync(join(backups, 'staging-'));
  const partial = `${file}.partial`;
  try {
    const files: string[] = [];
    const notIncluded: string[] = [];
    await k.store.db.backup(join(staging, 'procos.db'));
    files.push('procos.db');
    mkdirSync(join(staging, 'engine'));
    if (k.engine.mode === 'remote') notIncluded.push(`the engine's data: ProcOS is attached to the engine at ${k.engine.restUrl}; back that engine up where it runs`);
    else if (k.engine.options.database) notIncluded.push(`the engine's data: it lives in PostgreSQL (engine.database); back it up with pg_dump`);
    else {
      const zip = await h2Backup(k);
      renameSync(zip, join(staging, 'engine', 'h2-backup.zip'));
      copyFileSync(join(k.engine.dir, 'credentials.json'), join(staging, 'engine', 'credentials.json'));
      files.push('engine/h2-backup.zip', 'engine/credentials.json');
    }
    const models = await listModels(k.ollama.url).catch(() => [] as string[]);
    notIncluded.push(`Ollama's models${models.length ? ` (${models.join(', ')})` : ''}: the bundled one is made again at start; pull others with \`procos models pull NAME\``);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, dataVersion: DATA_VERSION, appVersion: appVersion(),
      startedAt, finishedAt: new Date().toISOString(), files, notIncluded,
    };
    writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await create({ gzip: true, file: partial, cwd: staging, portable: true }, ['manifest.json', ...files]);
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, startedAt, includes: files, notIncluded };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(partial, { force: true });
    // a zip left by a backup that failed half-way
    for (const name of readdirSync(backups)) if (name.startsWith('h2-backup-')) rmSync(join(backups, name), { force: true });
  }
}

/** The engine writes an online copy of its H2 database into engine/backups; returns its path. */
async function h2Backup(k: Kernel): Promise<string> {
  const engine = k.engine;
  const procos = new CamundaRest(() => ({ ...engine.auth(), url: engine.restUrl.replace(/\/engine-rest$/, '/procos/h2') }), () => engine.supervisor);
  const { file } = await procos.post<{ file: string; bytes: number }>('/backup').catch((err: Error) => {
    throw new ApiError(`the engine could not back up its database: ${err.message}`, err instanceof ApiError ? err.status : 502);
  });
  return file;
}
