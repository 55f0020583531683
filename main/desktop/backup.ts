/**
 * Help › Back Up Data… and Help › Restore from Backup…: the file names, filters and dialogs, as plain
 * data. A backup is made while ProcOS runs (the kernel's `backup`); a restore replaces the data dir, so
 * the app stops its kernel first, restores with the data dir's contents moved aside, and starts again.
 */
import type { BackupResult, RestoreResult } from '../../common/contract';

/** Dialog filters match the last extension only: .tar.gz files are offered as .gz */
export const BACKUP_FILTERS = [{ name: 'ProcOS backups (.tar.gz)', extensions: ['gz', 'tgz'] }];

/** `procos-backup-2026-05-01-1432.tar.gz` (local time): sorts by date, says what it is. */
export function backupFileName(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `procos-backup-${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}.tar.gz`;
}

export interface MessageDialog { type: 'info' | 'warning' | 'error'; title: string; message: string; detail: string; buttons: string[] }

export function backupDoneDialog(r: BackupResult): MessageDialog {
  return {
    type: 'info', title: 'Back Up Data', message: `Backed up to ${r.file}`,
    detail: [`${(r.bytes / 1e6).toFixed(1)} MB. Everything saved before ${new Date(r.startedAt).toLocaleString()} is in it.`,
      ...r.notIncluded.map((n) => `Not in it: ${n}`)].join('\n\n'),
    buttons: ['OK'],
  };
}

export interface RestoreConfirm extends MessageDialog { restore: number; cancel: number }

/** Asked before anything happens: what restoring does to the current data. */
export function restoreConfirmDialog(home: string, file: string): RestoreConfirm {
  return {
    type: 'warning', title: 'Restore from Backup',
    message: `Replace ProcOS's data with the backup ${file}?`,
    detail: `ProcOS stops, restores the backup into ${home} and starts again. What is there now is moved aside to a folder beside it (${home}.before-restore-…), not deleted.`,
    buttons: ['Stop ProcOS and Restore', 'Cancel'], restore: 0, cancel: 1,
  };
}

export function restoreDoneDialog(r: RestoreResult): MessageDialog {
  return {
    type: 'info', title: 'Restore from Backup', message: `Restored the backup made ${new Date(r.backupStartedAt).toLocaleString()}`,
    detail: [...(r.movedAside ? [`The data ProcOS had before is in ${r.movedAside}.`] : []), ...r.notIncluded.map((n) => `Not restored: ${n}`), 'ProcOS starts again now.'].join('\n\n'),
    buttons: ['OK'],
  };
}

export function restoreFailedDialog(reason: string): MessageDialog {
  return { type: 'error', title: 'Restore from Backup', message: 'The backup was not restored', detail: `${reason}\n\nProcOS starts again on its data as it was.`, buttons: ['OK'] };
}
