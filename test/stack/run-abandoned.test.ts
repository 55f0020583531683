/**
 * A wait whose caller went away ends: `run` with wait follows its instance by
 * asking the engine, and 40 such waits left behind by clients that gave up kept the engine busy for
 * good. Here the kernel's own run-and-wait (the Monitor the API runs) follows an instance of the shared
 * stack's real engine that waits for a person; its caller's signal aborts, and the wait ends at once
 * with 499 "the caller went away" while the instance runs on. Through the HTTP API, the signal is the
 * request's own (main/headless-app.ts): a client that closes the connection aborts it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ApiError } from '../../common/contract';
import { CamundaRest } from '../../main/kernel/camunda-rest';
import { Monitor } from '../../main/kernel/monitor';
import { eventually } from '../helpers/cli';
import { testStack } from '../helpers/stack';
import { uniqueKey } from '../e2e/bpmn';

const { client, home } = testStack();

it('a run --wait whose caller went away stops asking the engine; its instance runs on', async () => {
  const key = uniqueKey('abandoned_wait');
  const xml = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'wait_for_user.bpmn'), 'utf8').replaceAll('"wait_for_user"', `"${key}"`);
  expect((await client.deploy({ files: [{ name: `${key}.bpmn`, xml }] })).ok).toBe(true);

  const url = (await client.status()).components.engine.url!;
  const creds = JSON.parse(readFileSync(join(home, 'engine', 'credentials.json'), 'utf8')) as { user: string; password: string };
  const rest = new CamundaRest(() => ({ url, ...creds }));
  let looks = 0; // the engine calls the wait makes while it follows the instance
  const request = rest.request.bind(rest);
  rest.request = ((...args: Parameters<CamundaRest['request']>) => { looks++; return request(...args); }) as CamundaRest['request'];

  const caller = new AbortController();
  let started = '';
  const waiting = new Monitor(rest).run({ key, variables: {}, wait: true, timeoutSeconds: 3600 }, (id) => { started = id; }, caller.signal)
    .then(() => undefined, (error: unknown) => error);
  // it follows the instance: it starts it, then looks at it about once a second
  await eventually(async () => started && looks >= 3, 'the wait to look at its instance', 120, 250);
  caller.abort();
  const ended = await waiting;
  expect(ended).toBeInstanceOf(ApiError);
  expect((ended as ApiError).status).toBe(499);
  expect((ended as ApiError).message).toMatch(/the caller went away: stopped waiting for instance .* \(it runs on\)/);
  expect((await client.instance({ id: started })).state).toBe('ACTIVE');
  await client.cancelInstance({ id: started });
});
