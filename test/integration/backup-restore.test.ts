/**
 * Backup under load, then restore: `procos backup FILE` while instances keep starting; every instance
 * whose start had returned (was committed) before the backup began, and the settings and AI answers,
 * are in the data dir `procos restore FILE` makes, which a new ProcOS then runs on. Restore refuses the
 * data dir of a running ProcOS and a non-empty one without --force (which moves it aside).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeValues } from '../../common/variables';
import { procos } from '../helpers/cli';
import { startPrivateStack, type PrivateStack } from '../helpers/private-stack';

const KEY = 'backup_load';
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="https://procos.dev/test">
  <bpmn:process id="${KEY}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="wait" name="Wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

const root = mkdtempSync(join(tmpdir(), 'procos-backup-'));
const homeA = join(root, 'a');
const homeB = join(root, 'b');
const file = join(root, 'procos-backup.tar.gz');
const stacks: PrivateStack[] = [];
let a: PrivateStack;

const stop = async (s: PrivateStack) => { if (s.child.exitCode === null) { const exited = new Promise((ok) => s.child.once('exit', ok)); s.child.kill('SIGTERM'); await exited; } };

beforeAll(async () => {
  mkdirSync(homeA);
  a = await startPrivateStack(homeA);
  stacks.push(a);
});
afterAll(async () => {
  for (const s of stacks) await stop(s);
  rmSync(root, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('a backup taken under load restores into a data dir with everything committed before it began', async () => {
    expect((await a.client.deploy({ files: [{ name: `${KEY}.bpmn`, xml: BPMN }] })).ok).toBe(true);
    await a.client.updateSettings({ 'workers.maxTasks': 9, 'engine.historyDays': 60 });
    const answer = await a.client.ask({ question: 'Say hello.' });

    const started: { id: string; n: number; returnedAt: number }[] = [];
    let loading = true;
    const load = (async () => {
      for (let n = 0; loading; n++) {
        const { id } = await a.client.startInstance({ key: KEY, variables: { n, note: `run ${n}` } });
        started.push({ id, n, returnedAt: Date.now() });
      }
    })();
    while (started.length < 20) await new Promise((r) => setTimeout(r, 100));
    const backup = await procos(['backup', file], homeA);
    const countAtBackupEnd = started.length;
    while (started.length < countAtBackupEnd + 10) await new Promise((r) => setTimeout(r, 100));
    loading = false;
    await load;
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const startedAt = Date.parse(/everything committed before (\S+)/.exec(backup.stdout)![1]);
    const committedBefore = started.filter((s) => s.returnedAt < startedAt);
    expect(committedBefore.length).toBeGreaterThanOrEqual(20);
    expect(backup.stdout).toMatch(/not in it: Ollama's models/);

    // never onto the data dir of a running ProcOS, nor into a non-empty one without --force
    const onRunning = await procos(['restore', file], homeA);
    expect(onRunning.code).toBe(1);
    expect(onRunning.stderr).toMatch(/ProcOS is running on .*\(pid \d+\): stop it first/);
    const occupied = join(root, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'notes.txt'), 'mine');
    const refused = await procos(['restore', file], occupied);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty \(1 entries\).*--force/);
    expect(readdirSync(occupied)).toEqual(['notes.txt']);
    const forced = await procos(['restore', file, '--force'], occupied);
    expect(forced.code).toBe(0);
    const aside = /what was there before is in (\S+)/.exec(forced.stdout)![1];
    expect(readdirSync(aside)).toEqual(['notes.txt']);

    const restored = await procos(['restore', file], homeB);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(existsSync(join(homeB, 'engine', 'h2', 'procos.mv.db'))).toBe(true);

    await stop(a);
    const b = await startPrivateStack(homeB);
    stacks.push(b);
    for (const s of committedBefore) {
      const instance = await b.client.instance({ id: s.id });
      expect(instance.state).toBe('ACTIVE');
      expect(scopeValues(instance.variables)).toEqual({ n: s.n, note: `run ${s.n}` });
    }
    expect(await b.client.settings()).toMatchObject({ 'workers.maxTasks': 9, 'engine.historyDays': 60 });
    expect(await b.client.aiHistory()).toContainEqual(expect.objectContaining({ question: 'Say hello.', answer: answer.answer }));
  }, 900_000);
});
