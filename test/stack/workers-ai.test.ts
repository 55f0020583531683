/**
 * The AI worker against a real engine and the real Ollama with the real SmolLM2 model, in real worker
 * processes. The OpenAI-compatible provider is exercised against Ollama's own OpenAI-compatible
 * endpoint (`<ollama>/v1/chat/completions`): a real server of that protocol, no mock.
 * Model output varies: only structure is asserted.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelEvent } from '../../common/contract';
import { chainProcess } from '../helpers/workers-bpmn';
import { forkWorker, workerConfig, type WorkerChild } from '../helpers/workers-child';
import { deploy, startProcess, startTestEngine, uniqueKey, waitForInstance, type TestEngine } from '../helpers/workers-engine';
import { TEST_MODEL, TEST_THREADS, testOllamaUrl } from '../helpers/workers-ollama';

let engine: TestEngine;
let ai: WorkerChild;
let generic: WorkerChild;
let ollamaUrl: string;

beforeAll(async () => {
  [engine, ollamaUrl] = await Promise.all([startTestEngine(), testOllamaUrl()]);
  const ollama = { url: ollamaUrl, defaultModel: TEST_MODEL, threads: TEST_THREADS };
  // the remote provider is Ollama's OpenAI-compatible endpoint
  const openai = { baseUrl: `${ollamaUrl}/v1`, apiKey: 'ollama-ignores-the-key', model: TEST_MODEL };
  ai = forkWorker('ai', workerConfig('ai', engine, { ollama, openai, lockDurationMs: 10_000 }));
  generic = forkWorker('generic', workerConfig('generic', engine, { ollama }));
  await Promise.all([ai.waitFor((m) => m.type === 'register'), generic.waitFor((m) => m.type === 'register')]);
  await deploy(engine, 'ai_query_process', readFileSync('processes/ai_query_process.bpmn', 'utf8'));
});

afterAll(async () => {
  await Promise.all([ai?.stop(), generic?.stop()]);
  await engine?.stop();
});

const events = (w: WorkerChild) => w.messages.flatMap((m) => (m.message.type === 'event' ? [m.message.event] : [])) as KernelEvent[];

function expectAnswer(v: Record<string, unknown>, provider: string, elapsedMs: number) {
  expect(typeof v.ai_response).toBe('string');
  expect((v.ai_response as string).trim().length).toBeGreaterThan(0);
  expect(v.provider).toBe(provider);
  expect(v.model_used).toBe(TEST_MODEL);
  expect(v.prompt_tokens as number).toBeGreaterThan(0);
  expect(v.completion_tokens as number).toBeGreaterThan(0);
  expect(v.total_tokens).toBe((v.prompt_tokens as number) + (v.completion_tokens as number));
  // a duration, not a timestamp: positive and no longer than the whole run
  expect(v.response_time_ms as number).toBeGreaterThan(0);
  expect(v.response_time_ms as number).toBeLessThanOrEqual(elapsedMs);
}

describe('ai_query_process', () => {
  it('answers "What is BPMN?" on the local model: Answered, provider ollama, tokens streamed as events', async () => {
    const started = Date.now();
    // a short answer (max_tokens, as any process variable): the flow is under test, not the model's prose
    const id = await startProcess(engine, 'ai_query_process', { user_query: 'What is BPMN?', max_tokens: 48 });
    const r = await waitForInstance(engine, id, 280_000);
    expect(r.state).toBe('COMPLETED');
    expect(r.activities).toEqual(['StartEvent_question', 'Task_validate_input', 'Task_select_provider', 'Task_ai_query', 'EndEvent_answered']);
    expect(r.variables.selected_provider).toBe('ollama');
    expectAnswer(r.variables, 'ollama', Date.now() - started);
    const tokens = events(ai).filter((e): e is Extract<KernelEvent, { type: 'ai-token' }> => e.type === 'ai-token' && e.instanceId === id);
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.at(-1)!.done).toBe(true);
    expect(new Set(tokens.map((t) => t.requestId)).size).toBe(1); // one attempt, one stream
    expect(tokens[0].requestId.startsWith(`${tokens[0].taskId}:`)).toBe(true);
    expect(tokens.map((t) => t.token).join('')).toBe(r.variables.ai_response);
    expect(events(ai).some((e) => e.type === 'task' && e.topic === 'ai_query' && e.instanceId === id && e.outcome === 'done')).toBe(true);
  }, 300_000);

  it('an empty question ends Rejected with the validation messages', async () => {
    const r = await waitForInstance(engine, await startProcess(engine, 'ai_query_process', { user_query: '   ' }));
    expect(r.activities).toContain('EndEvent_rejected');
    expect(r.activities).not.toContain('Task_ai_query');
    expect(r.variables.validation_errors).toContain('user_query is required');
  });
});

describe('AI topics', () => {
  const short = { max_tokens: 24 };

  it('OpenAI-compatible provider (Ollama /v1): ai_query with provider=openai', async () => {
    const started = Date.now();
    const r = await runChain(['ai_query'], { user_query: 'Name one colour.', provider: 'openai', ...short });
    expect(r.state).toBe('COMPLETED');
    expectAnswer(r.variables, 'openai', Date.now() - started);
  });

  it('auto: complexity_score > 0.8 goes to the remote provider; a plain question stays local', async () => {
    const complex = await runChain(['provider_selection'], { user_query: 'Prove it.', complexity_score: 0.95 });
    expect(complex.variables).toMatchObject({ selected_provider: 'openai', selection_reason: expect.stringMatching(/complexity/) });
    const long = await runChain(['provider_selection'], { user_query: 'q'.repeat(2500) });
    expect(long.variables.selected_provider).toBe('openai');
    const plain = await runChain(['provider_selection'], { user_query: 'Hi' });
    expect(plain.variables.selected_provider).toBe('ollama');
  });

  it('text_generation, code_analysis and ai_completion produce their outputs', async () => {
    const r = await runChain(['text_generation', 'code_analysis', 'ai_completion'], {
      prompt: 'Write one sentence about rivers.', code: 'function add(a, b) { return a - b; }', language: 'JavaScript', ...short,
    });
    expect(r.state).toBe('COMPLETED');
    for (const name of ['generated_text', 'analysis', 'completion', 'ai_response']) {
      expect(typeof r.variables[name]).toBe('string');
      expect((r.variables[name] as string).length).toBeGreaterThan(0);
    }
  }, 200_000);

  it('missing user_query → incident at once with a clear message', async () => {
    const r = await runChain(['ai_query'], { something_else: 1 });
    expect(r.state).toBe('INCIDENT');
    expect(r.incidents[0].incidentMessage).toBe('Missing required variable user_query: the question to ask (a non-empty string)');
  });

  it('an unknown model is an incident naming the model (not retried)', async () => {
    const r = await runChain(['ai_query'], { user_query: 'hi', model: 'no-such-model:1b', provider: 'ollama' });
    expect(r.state).toBe('INCIDENT');
    expect(r.incidents[0].incidentMessage).toMatch(/no-such-model:1b/);
  });
});

async function runChain(topics: string[], variables: Record<string, unknown>) {
  const key = uniqueKey(topics.join('_'));
  await deploy(engine, key, chainProcess(key, topics));
  return waitForInstance(engine, await startProcess(engine, key, variables), 180_000);
}
