/** Provider selection (the `auto` rule: long or complex queries go remote, else the local Ollama when it answers) with real probes: the real Ollama (the stack's, or PROCOS_TEST_OLLAMA_URL), and a port where nothing listens. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ollamaAnswers, selectProvider } from '../../common/ai-providers';
import { freePort } from '../helpers/workers-engine';
import { testOllamaUrl } from '../helpers/workers-ollama';

let ollamaUrl: string;
let closedUrl: string;
beforeAll(async () => {
  ollamaUrl = await testOllamaUrl();
  closedUrl = `http://127.0.0.1:${await freePort()}`; // nothing listens there
});

const up = () => ollamaAnswers(ollamaUrl);
const down = () => ollamaAnswers(closedUrl);
const long = 'x'.repeat(2001);

describe('ollamaAnswers', () => {
  it('is true for the real Ollama and false for a closed port', async () => {
    expect(await up()).toBe(true);
    expect(await down()).toBe(false);
  });
});

describe('selectProvider (auto)', () => {
  it('long query + remote configured → openai, without probing Ollama', async () => {
    let probed = false;
    const s = await selectProvider({ query: long, remoteConfigured: true, localAvailable: async () => { probed = true; return up(); } });
    expect(s.provider).toBe('openai');
    expect(s.reason).toMatch(/2000/);
    expect(probed).toBe(false);
  });
  it('complexity_score > 0.8 + remote configured → openai', async () => {
    expect((await selectProvider({ query: 'hi', complexityScore: 0.81, remoteConfigured: true, localAvailable: up })).provider).toBe('openai');
  });
  it('complexity_score exactly 0.8 and 2000 characters are not "complex" → ollama', async () => {
    expect((await selectProvider({ query: 'y'.repeat(2000), complexityScore: 0.8, remoteConfigured: true, localAvailable: up })).provider).toBe('ollama');
  });
  it('long query but no remote → ollama when it answers', async () => {
    expect((await selectProvider({ query: long, remoteConfigured: false, localAvailable: up })).provider).toBe('ollama');
  });
  it('short query → ollama when it answers, even with remote configured', async () => {
    expect((await selectProvider({ query: 'What is BPMN?', remoteConfigured: true, localAvailable: up })).provider).toBe('ollama');
  });
  it('Ollama down + remote configured → openai', async () => {
    const s = await selectProvider({ query: 'What is BPMN?', remoteConfigured: true, localAvailable: down });
    expect(s.provider).toBe('openai');
    expect(s.reason).toMatch(/does not answer/);
  });
  it('Ollama down + no remote → none, with the reason', async () => {
    const s = await selectProvider({ query: 'What is BPMN?', remoteConfigured: false, localAvailable: down });
    expect(s).toEqual({ provider: 'none', reason: expect.stringMatching(/no remote provider/) });
  });
});
