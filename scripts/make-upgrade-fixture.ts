/**
 * Makes the upgrade fixture: a data dir written by an earlier release of ProcOS, for
 * test/integration/upgrade.test.ts to open with this build.
 *
 *   npx tsx scripts/make-upgrade-fixture.ts [COMMIT]     (default: the release named in test/fixtures/upgrade/RELEASE)
 *
 * It checks that commit out into a temporary git worktree, installs it (`npm ci`, `procos resources`,
 * from the per-user caches), runs it headless on a fresh data dir with private ports, and through its own
 * API and its engine's REST API leaves there what a user would: settings, a deployment, a finished run and
 * a waiting one with variables, an AI answer from the real model. Then it stops it, packs the data dir
 * (without models/, which the next start makes again from the bundled model, and without runtime.json)
 * into test/fixtures/upgrade/data.tar.gz, and writes what must be found in it to expected.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { create } from 'tar';
import { createHttpClient } from '../common/http-client';
import { freePort } from '../main/kernel/ports';

const repo = resolve(import.meta.dirname, '..');
const out = join(repo, 'test', 'fixtures', 'upgrade');
const commit = process.argv[2] ?? readFileSync(join(out, 'RELEASE'), 'utf8').trim();
const sh = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, CI: 'true' } });

const PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="upgrade_defs" targetNamespace="https://procos.dev/test">
  <bpmn:process id="upgrade_approval" name="Approval (upgrade fixture)" isExecutable="true" camunda:historyTimeToLive="P3650D">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="approve" name="Approve"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="done"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="done" />
  </bpmn:process>
</bpmn:definitions>`;

async function main() {
  const worktree = mkdtempSync(join(tmpdir(), 'procos-release-'));
  const home = mkdtempSync(join(tmpdir(), 'procos-release-home-'));
  rmSync(worktree, { recursive: true });
  sh('git', ['worktree', 'add', '--detach', worktree, commit], repo);
  let child: ReturnType<typeof spawn> | undefined;
  try {
    sh('npm', ['ci', '--no-audit', '--no-fund'], worktree);
    sh('node', ['bin/procos.js', 'resources'], worktree);
    child = spawn('node', ['bin/procos.js', 'start', '--headless', '--port', '0'], {
      cwd: worktree, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PROCOS_HOME: home, PROCOS_ENGINE_PORT: String(await freePort()), PROCOS_OLLAMA_URL: `http://127.0.0.1:${await freePort()}` },
    });
    let log = '';
    await new Promise<void>((ok, fail) => {
      const onData = (d: Buffer) => { log += d; process.stdout.write(d); if (log.includes('ProcOS ready at')) ok(); };
      child!.stdout!.on('data', onData);
      child!.stderr!.on('data', onData);
      child!.once('exit', (code) => fail(new Error(`the release exited with ${code}`)));
    });
    const rt = JSON.parse(readFileSync(join(home, 'runtime.json'), 'utf8'));
    const api = createHttpClient({ baseUrl: rt.apiBase, token: rt.token });
    const creds = JSON.parse(readFileSync(join(home, 'engine', 'credentials.json'), 'utf8'));
    const engineUrl = (await api.status()).components.engine.url!;
    const engine = (path: string, body?: unknown) => fetch(`${engineUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => { if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`); return r.status === 204 ? undefined : r.json(); });

    const settings = { 'workers.maxTasks': 7, 'desktop.closeToTray': false, 'ai.topicModels': { ai_query: 'smollm2:135m' }, smtp: { host: 'mail.example', port: 2525, from: 'procos@example.com' } };
    await api.updateSettings(settings);
    const deployed = await api.deploy({ files: [{ name: 'upgrade_approval.bpmn', xml: PROCESS }] });
    if (!deployed.ok) throw new Error(`deploy failed: ${JSON.stringify(deployed.errors)}`);
    const waitingVars = { customer: 'Ada Lovelace', amount: 42.5, approved: false, lines: { items: [{ sku: 'A-1', qty: 3 }] } };
    const waiting = await api.startInstance({ key: 'upgrade_approval', variables: waitingVars, businessKey: 'order-1' });
    const finishedVars = { customer: 'Grace Hopper', amount: 7, approved: true };
    const finished = await api.startInstance({ key: 'upgrade_approval', variables: finishedVars, businessKey: 'order-2' });
    const [task] = await engine(`/task?processInstanceId=${finished.id}`) as { id: string }[];
    await engine(`/task/${task.id}/complete`, { variables: {} });
    const question = 'In one sentence: what is a business process?';
    const answer = await api.ask({ question });

    const exited = new Promise((ok) => child!.once('exit', ok));
    child.kill('SIGTERM');
    await exited;
    child = undefined;

    await create({ gzip: true, file: join(out, 'data.tar.gz'), cwd: home, portable: true, filter: (path) => !/^(\.\/)?(models|runtime\.json)(\/|$)/.test(path) }, ['.']);
    writeFileSync(join(out, 'expected.json'), `${JSON.stringify({
      release: execFileSync('git', ['rev-parse', commit], { cwd: repo, encoding: 'utf8' }).trim(),
      settings,
      processes: deployed.processes.map((p) => ({ key: p.key, version: p.version })),
      waiting: { id: waiting.id, businessKey: 'order-1', variables: waitingVars },
      finished: { id: finished.id, businessKey: 'order-2', variables: finishedVars },
      ai: { question, answer: answer.answer, model: answer.model },
    }, null, 2)}\n`);
    console.log(`upgrade fixture written to ${out}`);
  } finally {
    if (child) { const exited = new Promise((ok) => child!.once('exit', ok)); child.kill('SIGTERM'); await exited; }
    rmSync(home, { recursive: true, force: true });
    sh('git', ['worktree', 'remove', '--force', worktree], repo);
  }
}

await main();
