/** Help › Back Up Data… and Restore from Backup…: names, menus and dialogs as the user sees them. */
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../main/desktop/app-menu';
import { backupDoneDialog, backupFileName, restoreConfirmDialog, restoreDoneDialog, restoreFailedDialog } from '../../main/desktop/backup';
import { findCommand } from '../../main/desktop/menu-spec';

describe('desktop backup and restore', () => {
  it('offers both in the Help menu on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      const menu = appMenuTemplate({ platform, closeToTray: true });
      expect(findCommand(menu, 'backup-data')?.label).toBe('Back Up Data…');
      expect(findCommand(menu, 'restore-data')?.label).toBe('Restore from Backup…');
    }
  });

  it('suggests a file name that sorts by date and says what it is', () => {
    expect(backupFileName(new Date(2026, 4, 1, 14, 32))).toBe('procos-backup-2026-05-01-1432.tar.gz');
  });

  it('asks before a restore, saying ProcOS stops and the current data is moved aside, not deleted', () => {
    const d = restoreConfirmDialog('/home/ada/.config/ProcOS', '/tmp/b.tar.gz');
    expect(d.buttons[d.restore]).toBe('Stop ProcOS and Restore');
    expect(d.buttons[d.cancel]).toBe('Cancel');
    expect(d.message).toContain('/tmp/b.tar.gz');
    expect(d.detail).toContain('/home/ada/.config/ProcOS.before-restore-');
    expect(d.detail).toMatch(/not deleted/);
  });

  it('reports what a backup and a restore did and did not bring', () => {
    const done = backupDoneDialog({ file: '/b.tar.gz', bytes: 2_500_000, startedAt: '2026-05-01T12:00:00Z', includes: ['procos.db'], notIncluded: ["Ollama's models (llama3.2:1b)"] });
    expect(done.message).toBe('Backed up to /b.tar.gz');
    expect(done.detail).toMatch(/2\.5 MB/);
    expect(done.detail).toMatch(/Not in it: Ollama's models \(llama3\.2:1b\)/);
    const restored = restoreDoneDialog({ dataDir: '/d', from: '/b.tar.gz', backupStartedAt: '2026-05-01T12:00:00Z', dataVersion: 4, movedAside: '/d.before-restore-x', notIncluded: [] });
    expect(restored.detail).toMatch(/\/d\.before-restore-x/);
    expect(restoreFailedDialog('boom').detail).toMatch(/^boom\n\nProcOS starts again on its data as it was\./);
  });
});
