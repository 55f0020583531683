/** `procos ai`: the local model answers through the running instance, offline, and history keeps it. */
import { describe, expect, it } from 'vitest';
import { testStack } from '../helpers/stack';
import { procos } from '../helpers/cli';

const { client, home } = testStack();

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

  it('names a model that is not installed', async () => {
    const { code, stderr } = await procos(['ai', 'hello', '--model', 'no-such-model:1b'], home);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no-such-model:1b/);
  });
});
