/**
 * The guards against slow faults, as plain functions: the machine's sleep told from the clocks, what
 * API input may be, ids in any script through bpmn-moddle, the deploy limits, a heap that stayed full
 * in gc.log, and a corrupt procos.db moved aside.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { SleepWatch, type Wake } from '../../common/sleep-watch';
import { inputProblem } from '../../main/api/input-limits';
import { aliasUnicodeIds } from '../../main/kernel/bpmn-ids';
import { validateBpmn } from '../../main/kernel/deploy';
import { heapStayedFull, outOfMemoryIn } from '../../main/kernel/engine-memory';
import { isNoSpace } from '../../main/kernel/disk-space';
import { isCorruption, openStoreRecovering } from '../../main/kernel/store-recovery';
import { Store } from '../../main/kernel/store';
import { chainProcess } from '../helpers/workers-bpmn';

describe('the machine slept', () => {
  const watch = () => {
    const clocks = { mono: 0, wall: 1_000_000 };
    const sleep = new SleepWatch(1000, 5000, { mono: () => clocks.mono, wall: () => clocks.wall });
    const wakes: Wake[] = [];
    sleep.onWake((w) => wakes.push(w));
    return { clocks, sleep, wakes };
  };

  it('its event loop stalled (every process frozen): a wake, and what began before it saw the sleep', () => {
    const { clocks, sleep, wakes } = watch();
    clocks.mono += 900; clocks.wall += 900;
    expect(sleep.check()).toBe(false);
    const before = clocks.mono;
    clocks.mono += 30_000; clocks.wall += 30_000;
    expect(sleep.check()).toBe(true);
    expect(wakes).toEqual([expect.objectContaining({ sleptMs: 30_000, how: 'event loop stalled' })]);
    expect(sleep.sleptSince(before)).toBe(true);
    expect(sleep.sleptSince(clocks.mono)).toBe(false);
  });

  it('the wall clock jumped past the monotonic one (a real suspend)', () => {
    const { clocks, sleep, wakes } = watch();
    clocks.mono += 1000; clocks.wall += 241_000;
    expect(sleep.check()).toBe(true);
    expect(wakes[0]).toMatchObject({ sleptMs: 240_000, how: 'wall clock jumped' });
  });

  it('a loop a little late, or a clock a little off, is not a sleep', () => {
    const { clocks, sleep, wakes } = watch();
    clocks.mono += 4000; clocks.wall += 6000;
    expect(sleep.check()).toBe(false);
    expect(wakes).toEqual([]);
  });
});

describe('API input', () => {
  it.each([
    [{ a: JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`) }, /nested deeper than 64 levels/],
    [{ v: Infinity }, /input\.v: the number is out of range/],
    [JSON.parse('{"__proto__": {"x": 1}}'), /the key "__proto__" is not allowed/],
    [{ variables: { ['k'.repeat(256)]: 1 } }, /input\.variables: a key of 256 characters/],
  ])('%# is refused, saying where and what', (input, message) => {
    expect(inputProblem(input)).toMatch(message);
  });

  it('ordinary input passes, however wide', () => {
    expect(inputProblem({ key: 'order', variables: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`v${i}`, { n: i, s: 'x'.repeat(10) }])) })).toBeUndefined();
  });
});

describe('BPMN', () => {
  it('ids in any script are aliased for bpmn-moddle and named back', () => {
    const { xml, original } = aliasUnicodeIds('<process id="заявка"><startEvent id="начало"/><sequenceFlow sourceRef="начало" targetRef="x"/></process>');
    expect(xml).not.toMatch(/[а-я]/);
    expect(original(/id="(procos_id_\d+_)"/.exec(xml)![1])).toBe('заявка');
  });

  it('a file over a deploy limit is refused before it is parsed, naming the limit', async () => {
    const wide = await validateBpmn('wide.bpmn', chainProcess('wide', Array.from({ length: 2600 }, () => 'input_validation')));
    expect(wide.errors).toEqual([expect.objectContaining({ limit: 'flowElements', message: expect.stringMatching(/has 5203 flow elements .*the limit is 5000 per file/) })]);
    const big = await validateBpmn('big.bpmn', `<x>${' '.repeat(5 * 2 ** 20)}</x>`);
    expect(big.errors).toEqual([expect.objectContaining({ limit: 'fileBytes', message: 'big.bpmn is 5.1 MB: the limit is 4 MB per file (split it into called processes)' })]);
  });
});

describe('the engine out of memory', () => {
  it('in its last words, or in a gc.log whose full collections leave the heap full', () => {
    expect(outOfMemoryIn(['...', 'Terminating due to java.lang.OutOfMemoryError: Java heap space'])).toBe('Java heap space');
    expect(outOfMemoryIn(['Started ProcosRun in 9.1 seconds'])).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'procos-gc-'));
    try {
      const log = (lines: string[]) => writeFileSync(join(dir, 'gc.log'), `${lines.join('\n')}\n`);
      log(['[1.0s] GC(1) Pause Young (Allocation Failure) 80M->60M(128M) 12.1ms', ...[2, 3, 4].map((n) => `[2.${n}s] GC(${n}) Pause Full (Allocation Failure) 127M->125M(127M) 812.0ms`)]);
      expect(heapStayedFull(dir, 128)).toBe('125 of 128 MB in use after 3 full collections in a row');
      log(['[1.0s] GC(1) Pause Full (System.gc()) 90M->40M(128M) 50.0ms', '[2.0s] GC(2) Pause Young (Allocation Failure) 80M->45M(128M) 9.0ms']);
      expect(heapStayedFull(dir, 128)).toBeUndefined();
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('storage faults', () => {
  it('tells a full disk and a corrupt database from other errors', () => {
    expect(isNoSpace(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toBe(true);
    expect(isNoSpace(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
    expect(isNoSpace(Object.assign(new Error('permission denied'), { code: 'EACCES' }))).toBe(false);
    expect(isCorruption(Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }))).toBe(true);
    expect(isCorruption(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(false);
  });

  it('a procos.db that is not a database is moved aside and a fresh one opened', () => {
    const home = mkdtempSync(join(tmpdir(), 'procos-store-'));
    try {
      writeFileSync(join(home, 'procos.db'), 'x'.repeat(8192));
      const { store, recovered } = openStoreRecovering(home, () => new Store(home));
      expect(recovered?.reason).toMatch(/not a database/);
      expect(existsSync(recovered!.movedTo)).toBe(true);
      expect(readdirSync(home).filter((f) => f.startsWith('procos.db.corrupt-'))).toHaveLength(1);
      store.updateSettings({ 'workers.maxTasks': 3 });
      expect(store.settings()).toEqual({ 'workers.maxTasks': 3 });
      store.close();
      const again = openStoreRecovering(home, () => new Store(home));
      expect(again.recovered).toBeUndefined();
      again.store.close();
    } finally { rmSync(home, { recursive: true, force: true }); }
  });
});
