/** .bpmn files from the OS: argv, single-instance hand-over, the pending queue, save grants. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  bpmnPathsFromArgv, defaultSaveName, filesFromSecondInstance, handoverData, MAX_BPMN_BYTES, PathGrants, PendingFiles, readBpmnFile,
} from '../../main/desktop/files';
import { argvSkip } from '../../main/desktop/paths';

const cwd = '/home/ana/work';

describe('argv', () => {
  it('takes .bpmn paths after the executable (packaged) or after `electron <app>` (development)', () => {
    expect(argvSkip(true)).toBe(1);
    expect(argvSkip(false)).toBe(2);
    const packaged = ['/opt/ProcOS/procos', 'order.bpmn', '/tmp/Invoice.BPMN'];
    expect(bpmnPathsFromArgv(packaged, cwd, 1)).toEqual(['/home/ana/work/order.bpmn', '/tmp/Invoice.BPMN']);
    const devRun = ['/x/electron', '/repo', 'a.bpmn'];
    expect(bpmnPathsFromArgv(devRun, cwd, 2)).toEqual(['/home/ana/work/a.bpmn']);
  });

  it('ignores Chromium switches, other files, the app path itself and duplicates; accepts file:// URLs', () => {
    const argv = ['/opt/ProcOS/procos', '--no-sandbox', '--enable-features=X', '--allow-file-access-from-files',
      'notes.txt', 'diagram.xml', '/repo', 'a.bpmn', './a.bpmn', pathToFileURL('/data/with space.bpmn').href];
    expect(bpmnPathsFromArgv(argv, cwd, 1)).toEqual(['/home/ana/work/a.bpmn', '/data/with space.bpmn']);
  });
});

describe('single-instance hand-over', () => {
  it('passes the second launch’s files as absolute paths', () => {
    const data = handoverData(['/opt/ProcOS/procos', 'x.bpmn'], '/work', 1);
    expect(data).toEqual({ files: ['/work/x.bpmn'] });
    // the first instance prefers the hand-over data: Chromium may have rewritten argv
    expect(filesFromSecondInstance(['/opt/ProcOS/procos', '--some-switch'], '/elsewhere', data, 1)).toEqual(['/work/x.bpmn']);
  });

  it('falls back to argv and the second instance’s working directory without hand-over data', () => {
    expect(filesFromSecondInstance(['/opt/ProcOS/procos', 'y.bpmn'], '/other', undefined, 1)).toEqual(['/other/y.bpmn']);
    expect(filesFromSecondInstance(['/opt/ProcOS/procos'], '/other', {}, 1)).toEqual([]);
  });

  it('drops anything in the hand-over data that is not an absolute .bpmn path', () => {
    const data = { files: ['/ok.bpmn', 'relative.bpmn', '/etc/passwd', 42, null, '/ok.bpmn'] };
    expect(filesFromSecondInstance([], '/', data, 1)).toEqual(['/ok.bpmn']);
  });
});

describe('pending files', () => {
  it('holds files until the renderer is ready, then delivers them once and passes later ones straight through', () => {
    const got: string[] = [];
    const q = new PendingFiles((p) => got.push(p));
    q.add(['/a.bpmn', '/b.bpmn', '/a.bpmn']); // argv and macOS open-file can name the same file
    expect(got).toEqual([]);
    expect(q.size).toBe(2);
    q.ready();
    expect(got).toEqual(['/a.bpmn', '/b.bpmn']);
    q.add(['/c.bpmn']);
    expect(got).toEqual(['/a.bpmn', '/b.bpmn', '/c.bpmn']);
  });

  it('queues again while the window reloads or is gone', () => {
    const got: string[] = [];
    const q = new PendingFiles((p) => got.push(p));
    q.ready();
    q.pause();
    q.add(['/d.bpmn']);
    expect(got).toEqual([]);
    q.ready();
    expect(got).toEqual(['/d.bpmn']);
  });
});

describe('reading and saving', () => {
  const dir = mkdtempSync(join(tmpdir(), 'procos-files-'));

  it('reads a .bpmn file with its name and path', async () => {
    const path = join(dir, 'order.bpmn');
    writeFileSync(path, '<definitions/>');
    expect(await readBpmnFile(path)).toEqual({ name: 'order.bpmn', path, xml: '<definitions/>' });
  });

  it('refuses other files, folders and oversized files with a clear message', async () => {
    writeFileSync(join(dir, 'x.txt'), 'hi');
    await expect(readBpmnFile(join(dir, 'x.txt'))).rejects.toThrow('x.txt is not a .bpmn or .form file');
    await expect(readBpmnFile(join(dir, 'missing.bpmn'))).rejects.toThrow(/ENOENT/);
    const big = join(dir, 'big.bpmn');
    writeFileSync(big, Buffer.alloc(MAX_BPMN_BYTES + 1, 32));
    await expect(readBpmnFile(big)).rejects.toThrow(/too large/);
  });

  it('saves silently only to paths the user chose or opened', () => {
    const g = new PathGrants();
    expect(g.allows('/home/ana/order.bpmn')).toBe(false);
    expect(g.allows(undefined)).toBe(false);
    g.grant('/home/ana/order.bpmn');
    expect(g.allows('/home/ana/./order.bpmn')).toBe(true);
    expect(g.allows('/home/ana/.bashrc')).toBe(false);
  });

  it('offers a safe default file name ending in .bpmn', () => {
    expect(defaultSaveName(undefined)).toBe('diagram.bpmn');
    expect(defaultSaveName('Order Process')).toBe('Order Process.bpmn');
    expect(defaultSaveName('order.bpmn')).toBe('order.bpmn');
    expect(defaultSaveName('order.xml')).toBe('order.bpmn');
    expect(defaultSaveName('../../etc/evil')).toBe('evil.bpmn');
    expect(defaultSaveName('a:b*c?.bpmn')).toBe('a_b_c_.bpmn');
  });
});
