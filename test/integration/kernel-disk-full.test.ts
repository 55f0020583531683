/**
 * A full disk, against a private real stack whose data dir is a small tmpfs of its own (mounted as
 * root in a temp dir): filled to the last byte while it runs, a worker killed (its exit is written
 * to the child records) and work asked for — the kernel stays up, status says "no space left on
 * <data dir>", writes fail with that message; once the filler is removed, everything heals by itself
 * and work completes, with nothing committed before lost. Skipped (saying so) where mounting is not allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { freePort } from '../../main/kernel/ports';
import { eventually } from '../helpers/cli';
import { descendants } from '../helpers/processes';
import { startPrivateStack, stopPrivateStack, type PrivateStack } from '../helpers/private-stack';

const root = resolve(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'procos-disk-'));
const filler = join(home, 'filler');
/** room for the stack (the engine's H2, Ollama's copy of the model, procos.db, logs) and little more */
const TMPFS_SIZE = '320m';

const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE},mode=0700`, 'tmpfs', home]).status === 0;
let stack: PrivateStack;
let pids: number[] = [];

const status = () => stack.client.status();

/** Fills the disk to the last byte: big blocks until they no longer fit, then small ones. */
function fill() {
  for (const bs of ['1M', '4k']) spawnSync('dd', ['if=/dev/zero', `of=${filler}`, `bs=${bs}`, 'oflag=append', 'conv=notrunc'], { stdio: 'ignore' });
}

describe.skipIf(!mounted)('a full disk (tmpfs data dir)', () => {
  beforeAll(async () => {
    stack = await startPrivateStack(home, { PROCOS_OLLAMA_URL: `http://127.0.0.1:${await freePort()}` });
  });

  afterAll(async () => {
    rmSync(filler, { force: true });
    const left = await stopPrivateStack(stack, pids);
    execFileSync('umount', ['-l', home]);
    rmSync(home, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  it('no space left: the kernel stays up and says so; writes fail with that message; freed, it heals by itself', async () => {
    const { client } = stack;
    const xml = readFileSync(join(root, 'test', 'fixtures', 'health_ping.bpmn'), 'utf8');
    expect((await client.deploy({ files: [{ name: 'health_ping.bpmn', xml }] })).ok).toBe(true);
    const before = await client.run({ key: 'health_ping', wait: true, timeoutSeconds: 120 });
    expect(before.state).toBe('COMPLETED');
    pids = [stack.child.pid!, ...descendants(stack.child.pid!)];

    fill();
    // a child's exit is written to the child records (this ended the kernel before)
    const worker = (await status()).components['worker:generic'].pid!;
    process.kill(worker, 'SIGKILL');
    const disk = await eventually(async () => {
      const d = (await status()).components.disk;
      return d.state === 'failed' && d;
    }, 'status to say the disk is full', 120, 500);
    expect(disk.detail).toContain(`no space left on ${home}`);
    await expect(client.updateSettings({ 'workers.maxTasks': 5 })).rejects.toMatchObject({ status: 507, message: expect.stringContaining(`no space left on ${home}`) });
    // work asked for meanwhile: refused with the reason, or kept (the engine may still hold it in memory)
    const during = await client.startInstance({ key: 'health_ping' }).then(
      ({ id }) => ({ id }),
      (err: { status: number; message: string }) => ({ status: err.status, message: err.message }),
    );
    if ('status' in during) expect(during.message).toMatch(/no space left on|the engine is down|the engine did not answer/);
    expect(stack.child.exitCode).toBeNull();

    rmSync(filler);
    await eventually(async () => (await status()).components.disk.state === 'ready', 'the disk to have room again', 120, 500);
    await eventually(async () => (await status()).ready, 'everything to be ready again', 480, 500);
    const after = await client.run({ key: 'health_ping', wait: true, timeoutSeconds: 120 });
    expect(after.state).toBe('COMPLETED');
    expect((await client.instance({ id: before.id })).state).toBe('COMPLETED');
    const worker2 = (await status()).components['worker:generic'];
    expect(worker2.pid).not.toBe(worker);
    expect(stack.child.exitCode).toBeNull();
    expect(stack.output()).not.toMatch(/uncaught|unhandled rejection/);
  });
});

if (!mounted) {
  rmSync(home, { recursive: true, force: true });
  console.warn('kernel-disk-full: skipped — mounting a tmpfs for the data dir needs root (CAP_SYS_ADMIN) and mount(8)');
}
