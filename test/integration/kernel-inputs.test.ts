/**
 * Inputs that used to go wrong, against the shared real stack: long strings through the CLI and
 * API (the engine's String column holds 4000 characters), and a deployed topic that no worker serves.
 */
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { testStack } from '../helpers/stack';
import { procos } from '../helpers/cli';

const fixtures = resolve(import.meta.dirname, '..', 'fixtures');
const { client, home } = testStack();

describe('long string variables', () => {
  const long = 'Lorem ipsum dolor sit amet, ünïcödé ✓ '.repeat(160).slice(0, 6000);

  it('a 6000-character string travels through `procos run --var` and comes back whole', async () => {
    await procos(['deploy', join(fixtures, 'health_ping.bpmn')], home);
    const { code, stdout, stderr } = await procos(['run', 'health_ping', '--var', `note=${long}`, '--wait', '--json'], home);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.state).toBe('COMPLETED');
    expect(result.variables.note).toBe(long);
  });

  it('and through the API, in the instance view too', async () => {
    const { id } = await client.startInstance({ key: 'health_ping', variables: { note: long, short: 'x' } });
    const detail = await client.instance({ id });
    expect(detail.variables.note).toBe(long);
    expect(detail.variables.short).toBe('x');
  });
});

describe('deploy warnings', () => {
  it('names a service-task topic that no connected worker serves, and still deploys', async () => {
    const { code, stdout } = await procos(['deploy', join(fixtures, 'unserved_topic.bpmn'), '--json'], home);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.ok).toBe(true);
    expect(result.processes).toEqual([expect.objectContaining({ key: 'unserved_topic' })]);
    expect(result.warnings).toEqual([expect.objectContaining({ element: 'orphan', topic: 'fax_send' })]);
    expect(result.warnings[0].message).toMatch(/no connected worker serves topic "fax_send"/);
    expect(result.warnings[0].message).toMatch(/Served topics: .*input_validation/);
  });

  it('prints the warning in the plain CLI output', async () => {
    const { code, stdout } = await procos(['deploy', join(fixtures, 'unserved_topic.bpmn')], home);
    expect(code).toBe(0);
    expect(stdout).toMatch(/⚠ .*fax_send/);
  });

  it('a file whose topics are all served has no warnings', async () => {
    const { stdout } = await procos(['deploy', join(fixtures, 'health_ping.bpmn'), '--json'], home);
    expect(JSON.parse(stdout).warnings).toEqual([]);
  });
});
