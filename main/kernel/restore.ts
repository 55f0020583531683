/**
 * `procos restore FILE [--force]`: a backup (backup.ts) laid out as a data dir. The target must be empty
 * or absent; a non-empty one only with force, and then its contents are moved aside to
 * `<dir>.before-restore-<time>`, never deleted. Never while a ProcOS runs on it. The backup is unpacked
 * and checked in a folder beside the target first, then renamed into place: an interrupted restore
 * leaves the target as it was. A backup from a newer ProcOS is refused; an older one is brought forward
 * by the migrations at the next start.
 */
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, chmodSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar';
import yauzl from 'yauzl';
import { ApiError, type RestoreResult } from '../../common/contract';
import { BACKUP_ENTRIES, BACKUP_FORMAT, type BackupManifest } from './backup';
import { readDataVersion } from './data-version';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-files';
import { isAlive } from './processes/identity';
import { processesHoldingFile } from './processes/file-holders';
import { DATA_VERSION } from './store-migrations';

/** A ProcOS running on this data dir: its pid from runtime.json, or a process holding its databases. */
export async function processRunningOn(dir: string): Promise<number | undefined> {
  try {
    const { pid } = JSON.parse(readFileSync(join(dir, 'runtime.json'), 'utf8')) as { pid: number };
    if (pid && isAlive(pid)) return pid;
  } catch { /* no runtime.json */ }
  for (const file of [join(dir, 'procos.db'), join(dir, 'engine', 'h2', 'procos.mv.db')]) {
    if (!existsSync(file)) continue;
    const holder = (await processesHoldingFile(file)).find((pid) => pid !== process.pid);
    if (holder) return holder;
  }
  return undefined;
}

/** The H2 zip's database file, written as engine/h2/procos.mv.db. */
function unzipH2(zip: string, toDir: string): Promise<void> {
  return new Promise((ok, fail) => {
    yauzl.open(zip, { lazyEntries: true }, (err, archive) => {
      if (err || !archive) return fail(err ?? new Error('cannot open the engine database backup'));
      let found = false;
      archive.on('error', fail);
      archive.on('end', () => (found ? ok() : fail(new Error('the engine database backup holds no .mv.db file'))));
      archive.on('entry', (entry: yauzl.Entry) => {
        if (!/^[^/]+\.mv\.db$/.test(entry.fileName)) return archive.readEntry();
        found = true;
        archive.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(e ?? new Error('cannot read the engine database backup'));
          mkdirSync(toDir, { recursive: true, mode: PRIVATE_DIR_MODE });
          pipeline(stream, createWriteStream(join(toDir, 'procos.mv.db'), { mode: PRIVATE_FILE_MODE })).then(() => archive.readEntry(), fail);
        });
      });
      archive.readEntry();
    });
  });
}

/** The backup's manifest, checked: a ProcOS backup this build can read. */
function readManifest(dir: string, file: string): BackupManifest {
  let manifest: BackupManifest;
  try { manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')); } catch {
    throw new ApiError(`${file} is not a ProcOS backup (it has no manifest.json): make one with \`procos backup FILE\``, 400);
  }
  if (manifest.format !== BACKUP_FORMAT) throw new ApiError(`${file} is not a ProcOS backup (its manifest says "${manifest.format}")`, 400);
  if (manifest.dataVersion > DATA_VERSION) {
    throw new ApiError(`${file} was made by a newer ProcOS (${manifest.appVersion}, data format ${manifest.dataVersion}; this one reads up to ${DATA_VERSION}): restore it with that version`, 400);
  }
  for (const name of manifest.files) if (!existsSync(join(dir, name))) throw new ApiError(`${file} is incomplete: ${name} is missing`, 400);
  return manifest;
}

export async function restoreBackup(file: string, target: string, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  file = resolve(file);
  target = resolve(target);
  if (!existsSync(file) || !statSync(file).isFile()) throw new ApiError(`${file}: no such backup file`, 400);
  const pid = await processRunningOn(target);
  if (pid) throw new ApiError(`ProcOS is running on ${target} (pid ${pid}): stop it first, then restore`, 409);
  const entries = existsSync(target) ? readdirSync(target) : [];
  if (entries.length && !opts.force) {
    throw new ApiError(`${target} is not empty (${entries.length} entries): restore into an empty or new folder (set PROCOS_HOME), or pass --force to move its contents aside first`, 409);
  }
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.restoring-`));
  try {
    chmodSync(staging, PRIVATE_DIR_MODE);
    await extract({ file, cwd: staging, strict: true, filter: (path) => BACKUP_ENTRIES.includes(path.replace(/^\.\//, '')) }).catch((err: Error) => {
      throw new ApiError(`${file} cannot be read as a ProcOS backup: ${err.message}`, 400);
    });
    const manifest = readManifest(staging, file);
    if (manifest.files.includes('engine/h2-backup.zip')) {
      await unzipH2(join(staging, 'engine', 'h2-backup.zip'), join(staging, 'engine', 'h2'));
      rmSync(join(staging, 'engine', 'h2-backup.zip'));
    }
    const found = readDataVersion(staging);
    if (found?.version !== manifest.dataVersion) throw new ApiError(`${file} is damaged: its procos.db is not the one its manifest names`, 400);
    for (const dir of [staging, join(staging, 'engine')]) if (existsSync(dir)) chmodSync(dir, PRIVATE_DIR_MODE);
    let movedAside: string | undefined;
    if (existsSync(target)) {
      if (entries.length) {
        movedAside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        renameSync(target, movedAside);
      } else rmSync(target, { recursive: true });
    }
    renameSync(staging, target);
    return { dataDir: target, from: file, backupStartedAt: manifest.startedAt, dataVersion: manifest.dataVersion, movedAside, notIncluded: manifest.notIncluded };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
