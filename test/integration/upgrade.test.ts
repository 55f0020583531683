/**
 * Upgrades: the data dir the last release wrote (test/fixtures/upgrade, made by
 * scripts/make-upgrade-fixture.ts from the commit in RELEASE) opens in this build with every deployment,
 * instance, variable, setting and AI answer there; a data dir from a newer ProcOS is refused with a
 * clear message and left untouched.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { extract } from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, procos } from '../helpers/cli';
import { startPrivateStack, type PrivateStack } from '../helpers/private-stack';
import { DATA_VERSION } from '../../main/kernel/store-migrations';
import { readDataVersion } from '../../main/kernel/data-version';

const fixtures = resolve(import.meta.dirname, '..', 'fixtures', 'upgrade');
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8'));
const homes: string[] = [];
let stack: PrivateStack | undefined;

async function fixtureHome(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'procos-upgrade-'));
  homes.push(home);
  await extract({ file: join(fixtures, 'data.tar.gz'), cwd: home });
  return home;
}

/** Every file under a folder with size, mode, time and content hash. */
function fingerprint(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((name) => {
    const s = statSync(join(dir, name));
    return s.isDirectory() ? `${name}/ ${s.mode}` : `${name} ${s.size} ${s.mode} ${s.mtimeMs} ${createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')}`;
  });
}

afterAll(async () => {
  if (stack) { const exited = new Promise((ok) => stack!.child.once('exit', ok)); stack.child.kill('SIGTERM'); await exited; }
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

describe(`a data dir from the last release (${String(expected.release).slice(0, 8)})`, () => {
  it('opens with every deployment, instance, variable, setting and AI answer there', async () => {
    const home = await fixtureHome();
    expect(readDataVersion(home)!.version).toBeLessThan(DATA_VERSION);
    stack = await startPrivateStack(home);
    const api = stack.client;
    // everything but the fixture's made-up mail server comes up
    const parts = ['engine', 'processes', 'database', 'worker:system', 'worker:generic', 'worker:ai', 'ollama'];
    await eventually(async () => { const { components } = await api.status(); return parts.every((p) => components[p]?.state === 'ready'); }, `${parts.join(', ')} to be ready`, 120, 500);
    const db = new Database(join(home, 'procos.db'), { readonly: true }); // the running store's changes may still be in its WAL
    expect(db.pragma('user_version', { simple: true })).toBe(DATA_VERSION);
    db.close();

    const definitions = await api.definitions();
    for (const p of expected.processes) expect(definitions).toContainEqual(expect.objectContaining({ key: p.key, version: p.version }));

    const waiting = await api.instance({ id: expected.waiting.id });
    expect(waiting).toMatchObject({ state: 'ACTIVE', businessKey: expected.waiting.businessKey, activeActivityIds: ['approve'] });
    expect(waiting.variables).toEqual(expected.waiting.variables);
    const finished = await api.instance({ id: expected.finished.id });
    expect(finished).toMatchObject({ state: 'COMPLETED', businessKey: expected.finished.businessKey });
    expect(finished.variables).toEqual(expected.finished.variables);

    expect(await api.settings()).toMatchObject(expected.settings);
    expect(await api.aiHistory()).toContainEqual(expect.objectContaining(expected.ai));

    // and it goes on working: the waiting run can be finished
    const next = await api.startInstance({ key: 'upgrade_approval', variables: { customer: 'new' } });
    expect((await api.instance({ id: next.id })).state).toBe('ACTIVE');
  });

  it('is refused when a newer ProcOS wrote it, with a clear message, and left untouched', async () => {
    const home = await fixtureHome();
    const db = new Database(join(home, 'procos.db'));
    db.pragma(`user_version = ${DATA_VERSION + 5}`);
    db.close();
    const before = fingerprint(home);
    const run = await procos(['start', '--headless', '--port', '0'], home);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/was written by a newer ProcOS: its data format is \d+, this ProcOS .* reads up to \d+\. Nothing in it was changed\./);
    expect(fingerprint(home)).toEqual(before);
  });
});
