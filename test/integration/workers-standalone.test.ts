/**
 * `procos worker`: the standalone worker process (workers/standalone.ts behind the CLI) against a real
 * engine: serves the topics it was given, fails tasks of topics it has no handler for, and stops
 * cleanly (exit 0) on SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainProcess } from '../helpers/workers-bpmn';
import { deploy, startProcess, startTestEngine, uniqueKey, waitForInstance, type TestEngine } from '../helpers/workers-engine';

let engine: TestEngine;
let worker: ChildProcess;
let output = '';

beforeAll(async () => {
  engine = await startTestEngine();
  worker = spawn(process.execPath, ['bin/procos.js', 'worker', '--engine', engine.url, '--user', engine.user!, `--password=${engine.password!}`,
    '--topics', 'input_validation,standalone_unknown_topic'], { stdio: ['ignore', 'pipe', 'pipe'] });
  worker.stdout!.on('data', (d) => { output += d; });
  worker.stderr!.on('data', (d) => { output += d; });
  const deadline = Date.now() + 60_000;
  while (!/polling .* for input_validation, standalone_unknown_topic/.test(output)) {
    if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`standalone worker did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  if (worker?.exitCode === null) worker.kill('SIGKILL');
  await engine?.stop();
});

async function run(topic: string, variables: Record<string, unknown>, inputs?: Record<string, string>) {
  const key = uniqueKey(topic);
  await deploy(engine, key, chainProcess(key, [topic], { inputs: inputs ? { 0: inputs } : undefined }));
  return waitForInstance(engine, await startProcess(engine, key, variables));
}

describe('procos worker (standalone)', () => {
  it('serves a topic it was given', async () => {
    const r = await run('input_validation', { name: 'Ada' }, { required_fields: 'name' });
    expect(r.state).toBe('COMPLETED');
    expect(r.variables.validation_passed).toBe(true);
    expect(output).toMatch(/input_validation \S+ done in \d+ ms/);
  });

  it('a topic without handler → incident naming the handled topics', async () => {
    const r = await run('standalone_unknown_topic', {});
    expect(r.state).toBe('INCIDENT');
    expect(r.incidents[0].incidentMessage).toMatch(/^Unknown topic "standalone_unknown_topic": the standalone worker handles .*system_health_check.*http_request.*ai_query/);
    expect(output).toMatch(/warning: no handler for standalone_unknown_topic/);
  });

  it('stops on SIGINT with exit code 0', async () => {
    const exited = new Promise<number | null>((r) => worker.once('exit', (code) => r(code)));
    worker.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toMatch(/stopped/);
  });
});
