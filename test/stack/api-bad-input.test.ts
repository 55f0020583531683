/**
 * Bad input that used to get a 5xx or an unclear answer, against the shared real stack: each gets a
 * 4xx (JSON, never the engine's HTML page) whose message says what is wrong; refused deploys answer
 * 422 (413 over the size limit) with their findings; ids in any script the engine accepts are
 * accepted; the CLI says what is wrong with its own arguments before reading anything.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { DEPLOY_LIMITS } from '../../common/contract';
import { testStack } from '../helpers/stack';
import { procos } from '../helpers/cli';
import { chainProcess } from '../helpers/workers-bpmn';

const { apiBase, token, home, client } = testStack();

/** A raw API call: the body as given (JSON that JSON.stringify cannot make), the answer's status and JSON. */
async function call(method: string, body: string) {
  const res = await fetch(`${apiBase}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return { status: res.status, body: await res.json() as { error?: string; result?: unknown } };
}

describe('API input that is refused with a 400 saying why', () => {
  it.each([
    ['JSON 10 000 levels deep', 'startInstance', `{"key":"x","variables":{"v":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`, /nested deeper than 64 levels/],
    ['a number beyond a double (1e400)', 'startInstance', '{"key":"x","variables":{"v":1e400}}', /input\.variables\.v: the number is out of range \(Infinity\)/],
    ['__proto__ as a settings key', 'updateSettings', '{"__proto__":{"engine.port":1}}', /the key "__proto__" is not allowed/],
    ['a 1000-character variable name', 'startInstance', JSON.stringify({ key: 'x', variables: { ['v'.repeat(1000)]: 1 } }), /a key of 1000 characters .*at most 255 characters/],
    ['a 10 000-character business key', 'startInstance', JSON.stringify({ key: 'x', businessKey: 'b'.repeat(10_000) }), /businessKey: must be at most 255 characters/],
    ['a key with NUL', 'startInstance', JSON.stringify({ key: 'a\u0000b' }), /key: must be a process key/],
    ['a key with ../', 'startInstance', JSON.stringify({ key: '../x' }), /key: must be a process key/],
    ['a key with ?#', 'startInstance', JSON.stringify({ key: 'a?#b' }), /key: must be a process key/],
    ['an instance id with /', 'instance', JSON.stringify({ id: '../process-definition' }), /id: must not contain spaces, control characters or \/ \\ \? # %/],
    ['a wait of 1e308 seconds', 'run', JSON.stringify({ key: 'x', wait: true, timeoutSeconds: 1e308 }), /timeoutSeconds: must be at most 3600 s/],
  ])('%s', async (_what, method, body, message) => {
    const answer = await call(method, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(message);
    expect(answer.body.error).not.toMatch(/<html|<!doctype/i);
  });

  it('and the stack answers afterwards', async () => {
    expect((await client.status()).components.engine.state).toBe('ready');
  });
});

describe('deploys that are refused', () => {
  it('answer 422 with the findings; the client still gets them as a result', async () => {
    const answer = await call('deploy', JSON.stringify({ files: [{ name: 'broken.bpmn', xml: '<bpmn:definitions' }] }));
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatch(/^nothing was deployed: broken\.bpmn is not well-formed XML/);
    expect(answer.body.result).toMatchObject({ ok: false, errors: [expect.objectContaining({ file: 'broken.bpmn' })] });
    const result = await client.deploy({ files: [{ name: 'broken.bpmn', xml: '<bpmn:definitions' }] });
    expect(result.ok).toBe(false);
  });

  it(`a file over ${DEPLOY_LIMITS.fileBytes / 2 ** 20} MB: 413 naming the limit`, async () => {
    const xml = chainProcess('too_big', ['input_validation']).replace('<bpmn:startEvent', `<!-- ${'x'.repeat(DEPLOY_LIMITS.fileBytes)} --><bpmn:startEvent`);
    const answer = await call('deploy', JSON.stringify({ files: [{ name: 'too_big.bpmn', xml }] }));
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatch(/too_big\.bpmn is 4\.1 MB: the limit is 4 MB per file/);
  });

  it(`more than ${DEPLOY_LIMITS.flowElements} flow elements: 422 naming the limit, before the engine sees it`, async () => {
    const xml = chainProcess('too_wide', Array.from({ length: 3000 }, () => 'input_validation'));
    const answer = await call('deploy', JSON.stringify({ files: [{ name: 'too_wide.bpmn', xml }] }));
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatch(/too_wide\.bpmn has 6003 flow elements .*: the limit is 5000 per file/);
    expect((await client.definitions()).map((d) => d.key)).not.toContain('too_wide');
  });
});

describe('ids in any script the engine accepts', () => {
  it('a Cyrillic process id deploys and runs, through the CLI too', async () => {
    const result = await client.deploy({ files: [{ name: 'заявка.bpmn', xml: chainProcess('заявка', ['input_validation']) }] });
    expect(result).toMatchObject({ ok: true, processes: [expect.objectContaining({ key: 'заявка' })], errors: [] });
    const { code, stdout } = await procos(['run', 'заявка', '--wait', '--json'], home);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).state).toBe('COMPLETED');
  });

  it('an id bpmn-moddle and the engine both refuse is named in the finding', async () => {
    const result = await client.deploy({ files: [{ name: 'digit.bpmn', xml: chainProcess('1st', ['input_validation']) }] });
    expect(result.ok).toBe(false);
    expect(result.errors[0].message).toMatch(/digit\.bpmn: illegal ID <1st>/);
  });
});

describe('the CLI with arguments it cannot use', () => {
  it('--timeout abc says it is not a number', async () => {
    const { code, stderr } = await procos(['run', 'health_ping', '--wait', '--timeout', 'abc'], home);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--timeout: "abc" is not a number/);
  });

  it('deploy DIR says it is a directory; deploy /dev/urandom says it is not a file, without reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procos-deploy-dir-'));
    try {
      const asDir = await procos(['deploy', dir], home);
      expect(asDir.code).toBe(1);
      expect(asDir.stderr).toMatch(new RegExp(`${dir} is a directory: name the BPMN files in it`));
      const device = await procos(['deploy', '/dev/urandom'], home);
      expect(device.code).toBe(1);
      expect(device.stderr).toMatch(/\/dev\/urandom is not a regular file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
