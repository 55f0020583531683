/**
 * `procos ai`: the local model answers through the running instance, offline, and history keeps it.
 * Models: pulling while offline fails saying so, also as a `model-pull` event; a
 * copy of the bundled model is deleted; a default model per AI topic reaches the AI worker at once.
 */
import { Ollama } from 'ollama';
import { describe, expect, it } from 'vitest';
import { descendants } from '../../main/kernel/processes/tree-kill';
import { processCommandLine } from '../../main/kernel/processes/identity';
import { ApiError, type KernelEvent } from '../../common/contract';
import { testStack } from '../helpers/stack';
import { eventually, procos } from '../helpers/cli';

const { client, home } = testStack();

/** The command lines of the model runners Ollama started (one per loaded model). */
async function runnerCommandLines(): Promise<string[]> {
  const ollama = (await client.status()).components.ollama?.pid;
  if (!ollama) throw new Error('the stack reports no Ollama process');
  const lines = await Promise.all(descendants(ollama).map((pid) => processCommandLine(pid)));
  return lines.filter((line): line is string => !!line && / runner /.test(line));
}

describe('procos ai', () => {
  it('answers from the local model and records the question in the AI history', async () => {
    const question = `In one sentence, what is a process model? (${Date.now()})`;
    const { code, stdout, stderr } = await procos(['ai', question], home);
    expect(code, stderr).toBe(0);
    const [answer, footer] = stdout.split('\n\n— ');
    expect(answer.trim().length).toBeGreaterThan(0);
    expect(footer).toMatch(/^smollm2:135m via ollama, \d+ ms/);
    const [latest] = await client.aiHistory();
    expect(latest).toMatchObject({ question, model: 'smollm2:135m' });
    expect(latest.answer.trim()).toBe(answer.trim());
  });

  it('runs the model on the threads ollama.threads says (the test stacks: PROCOS_OLLAMA_THREADS=1)', async () => {
    expect(process.env.PROCOS_OLLAMA_THREADS).toBe('1'); // vitest.config.ts gives every stack the tests start one thread
    const { code, stderr } = await procos(['ai', 'Say hi.'], home);
    expect(code, stderr).toBe(0);
    const runners = await runnerCommandLines();
    expect(runners.length, 'a model runner under the stack\'s Ollama').toBeGreaterThan(0);
    for (const line of runners) expect(line).toMatch(/--threads 1( |$)/);
  });

  it('names a model that is not installed', async () => {
    const { code, stderr } = await procos(['ai', 'hello', '--model', 'no-such-model:1b'], home);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no-such-model:1b/);
  });
});

/** A name no registry has: offline the pull fails on the network before the name matters, and a
 * machine that is online gets a 404 instead of a download. */
const NOT_IN_ANY_REGISTRY = 'procos-test/no-such-model:1b';
const BUNDLED = 'smollm2:135m';

/** A throwaway model: a copy of the bundled one made through Ollama's own API. */
async function copyOfBundled(prefix: string): Promise<string> {
  const name = `${prefix}:${Date.now()}`;
  const { url } = (await client.status()).components.ollama;
  await new Ollama({ host: url }).copy({ source: BUNDLED, destination: name });
  return name;
}
const modelNames = async () => (await client.modelList()).map((m) => m.name);
type PullEvent = Extract<KernelEvent, { type: 'model-pull' }>;

describe('models', () => {
  it('pulling while offline fails with an error naming the model and the registry, also as the last model-pull event', async () => {
    const events: PullEvent[] = [];
    const stop = client.onEvent((e) => { if (e.type === 'model-pull' && e.name === NOT_IN_ANY_REGISTRY) events.push(e); });
    try {
      // the event stream may connect after the first pull's events went out: pull until they arrive
      const error = await eventually(async () => {
        const failed = await client.pullModel({ name: NOT_IN_ANY_REGISTRY }).then(() => undefined, (e: unknown) => e);
        return events.some((e) => e.done) && failed;
      }, 'a model-pull event that ends the pull', 20);
      expect(error).toBeInstanceOf(ApiError);
      const { message, status } = error as ApiError;
      expect(status).toBe(502);
      expect(message).toContain(NOT_IN_ANY_REGISTRY);
      expect(message).toMatch(/offline/);
      expect(message).toMatch(/registry/);
      const last = events.filter((e) => e.done).at(-1)!;
      expect(last).toMatchObject({ status: 'failed', error: message });
      expect(events.some((e) => !e.done && e.status.length > 0)).toBe(true); // progress came before the end
    } finally { stop(); }
  });

  it('a copy of the bundled model is deleted and gone; an unknown model and the default are refused', async () => {
    const copy = await copyOfBundled('procos-test-delete');
    expect(await modelNames()).toContain(copy);
    expect((await client.modelList()).find((m) => m.name === BUNDLED)?.default).toBe(true);
    await client.deleteModel({ name: copy });
    expect(await modelNames()).not.toContain(copy);
    await expect(client.deleteModel({ name: copy })).rejects.toMatchObject({ status: 404, message: expect.stringContaining(copy) });
    await expect(client.deleteModel({ name: BUNDLED })).rejects.toMatchObject({ status: 409, message: expect.stringContaining(BUNDLED) });
    expect(await modelNames()).toContain(BUNDLED);
  });

  it('a default model for ai_query reaches the AI worker without a restart; a task\'s own model still wins', async () => {
    await expect(client.updateSettings({ 'ai.topicModels': { http_request: BUNDLED } }))
      .rejects.toMatchObject({ status: 400, message: expect.stringContaining('ai.topicModels.http_request') });
    const copy = await copyOfBundled('procos-test-topic');
    try {
      await client.updateSettings({ 'ai.topicModels': { ai_query: copy } });
      // the topic's default is in use: deleting it is refused, naming the topic
      await expect(client.deleteModel({ name: copy })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('ai_query') });
      const question = { user_query: 'Say yes.', max_tokens: 4 };
      const onDefault = await client.run({ key: 'ai_query_process', variables: question, wait: true, timeoutSeconds: 200 });
      expect(onDefault.state).toBe('COMPLETED');
      expect(onDefault.variables.model_used).toBe(copy);
      const ownModel = await client.run({ key: 'ai_query_process', variables: { ...question, model: BUNDLED }, wait: true, timeoutSeconds: 200 });
      expect(ownModel.variables.model_used).toBe(BUNDLED);
    } finally {
      await client.updateSettings({ 'ai.topicModels': null });
    }
    expect((await client.settings())['ai.topicModels']).toBeUndefined();
    await client.deleteModel({ name: copy });
    expect(await modelNames()).not.toContain(copy);
  }, 420_000);

  it('procos models lists them; pull says offline; rm of an unknown model fails naming it', async () => {
    const list = await procos(['models'], home);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${BUNDLED}\\s+\\d+ MB`, 'm'));
    const pull = await procos(['models', 'pull', NOT_IN_ANY_REGISTRY], home);
    expect(pull.code).toBe(1);
    expect(pull.stderr).toContain(NOT_IN_ANY_REGISTRY);
    expect(pull.stderr).toMatch(/offline/);
    const rm = await procos(['models', 'rm', 'no-such-model:1b'], home);
    expect(rm.code).toBe(1);
    expect(rm.stderr).toContain('no-such-model:1b');
  });
});
