/** The contract, once: dispatch checks every call against the method's schema, fills in defaults,
 * and the client's input types let callers leave out what has a default. */
import { describe, expect, it } from 'vitest';
import { ApiMethods, Contract, type ProcosApi, type ProcosClient } from '../../common/contract';
import { dispatch } from '../../main/api/dispatch';

/** An API that records what each method received. */
function recordingApi() {
  const received: Record<string, unknown[]> = {};
  const api = Object.fromEntries(ApiMethods.map((m) => [m, async (...args: unknown[]) => { received[m] = args; return m; }])) as unknown as ProcosApi;
  return { api, received };
}

describe('dispatch', () => {
  it('lists exactly the methods the contract defines', () => {
    expect(ApiMethods).toEqual(Object.keys(Contract));
    expect(ApiMethods).toEqual(expect.arrayContaining(['status', 'deploy', 'run', 'instances', 'updateSettings']));
  });

  it('fills in defaults before the kernel sees the input', async () => {
    const { api, received } = recordingApi();
    await dispatch(api, 'instances', { definitionKey: 'order' });
    expect(received.instances[0]).toMatchObject({ definitionKey: 'order', state: 'ALL', firstResult: 0, maxResults: 25 });
    await dispatch(api, 'run', { key: 'order' });
    expect(received.run[0]).toMatchObject({ key: 'order', variables: {}, wait: false, timeoutSeconds: 120 });
  });

  it('calls methods without input with no argument', async () => {
    const { api, received } = recordingApi();
    expect(await dispatch(api, 'status', { anything: 1 })).toBe('status');
    expect(received.status).toEqual([]);
  });

  it('refuses bad input with a 400 naming each field, and unknown methods with a 404', async () => {
    const { api, received } = recordingApi();
    await expect(dispatch(api, 'instances', { maxResults: 0, state: 'NOPE' })).rejects.toMatchObject({
      status: 400, message: expect.stringMatching(/^invalid input for instances: state: .+; maxResults: .+/),
    });
    await expect(dispatch(api, 'deploy', {})).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^invalid input for deploy: files: /) });
    await expect(dispatch(api, 'format', {})).rejects.toMatchObject({ status: 404, message: 'unknown API method "format"' });
    expect(received).toEqual({});
  });

  it('lets callers leave out what has a default (checked by the type checker)', async () => {
    const calls: [string, unknown][] = [];
    const client = Object.fromEntries(ApiMethods.map((m) => [m, async (input?: unknown) => { calls.push([m, input]); }])) as unknown as ProcosClient;
    await client.instances({ definitionKey: 'order' });
    await client.instances();
    await client.run({ key: 'order' });
    await client.workers();
    expect(calls.map(([m]) => m)).toEqual(['instances', 'instances', 'run', 'workers']);
  });
});
