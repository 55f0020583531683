/**
 * Inputs that used to go wrong, against the shared real stack: long strings through the CLI and
 * API (the engine's String column holds 4000 characters), a deployed topic that no worker serves,
 * and incidents, which now reach the event stream when raised and when resolved.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KernelEvent } from '../../common/contract';
import { testStack } from '../helpers/stack';
import { eventually, procos } from '../helpers/cli';
import { scopeValues } from '../../common/variables';

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
    expect(scopeValues(detail.variables).note).toBe(long);
    expect(scopeValues(detail.variables).short).toBe('x');
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

describe('incident events', () => {
  it('an incident raised, then resolved by setting the missing variable and retrying, each reach the event stream', async () => {
    await client.deploy({ files: [{ name: 'ask_directly.bpmn', xml: readFileSync(join(fixtures, 'ask_directly.bpmn'), 'utf8') }] });
    const events: KernelEvent[] = [];
    const unsubscribe = client.onEvent((e) => events.push(e));
    try {
      const { id } = await client.startInstance({ key: 'ask_directly' }); // no user_query: an incident at once
      const raised = await eventually(async () => events.find((e) => e.type === 'incident' && e.instanceId === id && e.state === 'raised'), 'incident raised');
      expect(raised).toMatchObject({ key: 'ask_directly', activityId: 'ask', message: expect.stringMatching(/user_query/) });
      const incident = (await client.instance({ id })).incidents[0];
      await client.setVariables({ id, variables: { user_query: 'Say yes.', max_tokens: 4 } });
      await client.retryIncident({ id: incident.id });
      await eventually(async () => events.find((e) => e.type === 'incident' && e.instanceId === id && e.state === 'resolved'), 'incident resolved');
      await client.cancelInstance({ id }).catch(() => undefined); // the model's answer is not needed here
    } finally {
      unsubscribe();
    }
  });
});
