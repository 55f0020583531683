/** Settings have a schema: each key a type and a range; refused patches name each key and why. The kernel
 * and the standalone worker resolve their configuration the same way. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../common/contract';
import { checkSettingsPatch, DEFAULT_MODEL, resolveConfig, settingKeys, settingProblems } from '../../common/settings';
import { STANDALONE_ENGINE_URL, standaloneConfig } from '../../workers/standalone';

const refusal = (patch: Record<string, unknown>) => {
  try { checkSettingsPatch(patch); } catch (err) { return err as ApiError; }
  throw new Error('the patch was accepted');
};

describe('settings schema', () => {
  it('accepts good values for every kind of key, and null to remove any key', () => {
    expect(() => checkSettingsPatch({
      'engine.port': 8080, 'engine.mode': 'remote', 'engine.url': 'http://10.0.0.5:8080/engine-rest', 'engine.user': 'demo',
      'engine.password': '', 'engine.database': 'postgresql://procos:secret@127.0.0.1:5432/procos',
      'ollama.url': 'http://127.0.0.1:11434', 'ollama.model': 'llama3.2:1b', 'openai.baseUrl': 'https://api.example.com/v1', 'openai.apiKey': 'sk-1', 'openai.model': 'gpt',
      smtp: { host: 'mail.example.com', port: 587, secure: false, user: 'u', password: 'p', from: 'a@b.c' },
      slack: { token: 'xoxb-1', webhookUrl: 'https://hooks.example.com/x' },
      'workers.heartbeatMs': 500, 'workers.maxTasks': 1, 'workers.lockDurationMs': 30000, 'workers.asyncResponseTimeoutMs': 0,
      'workers.retryBaseMs': 1000, 'workers.defaultRetries': 0, 'desktop.closeToTray': false,
      'amqp.url': 'amqp://guest:guest@127.0.0.1:5672', 'amqp.outboxLimit': 1000,
      'no.such.key': null, smtp_old: null,
    })).not.toThrow();
  });

  it('refuses a bad patch with a 400 naming each key and why', () => {
    const err = refusal({ 'workers.heartbeatMs': 0, foo: 1, 'ollama.url': 'not a url', 'engine.port': 80, 'workers.maxTasks': 2.5 });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toBe('invalid settings: workers.heartbeatMs: must be ≥ 500 ms; foo: unknown setting; '
      + 'ollama.url: must be a URL (http or https) such as http://127.0.0.1:11434; engine.port: must be ≥ 1024; workers.maxTasks: must be a whole number');
  });

  it('checks ranges, types and nested objects', () => {
    expect(settingProblems('engine.port', 65536)).toEqual(['engine.port: must be ≤ 65535']);
    expect(settingProblems('engine.port', '8080')).toEqual(['engine.port: must be a number']);
    expect(settingProblems('workers.maxTasks', 0)).toEqual(['workers.maxTasks: must be ≥ 1']);
    expect(settingProblems('engine.mode', 'cloud')).toEqual(['engine.mode: must be "embedded" or "remote"']);
    expect(settingProblems('engine.database', 'mysql://x@y/z')[0]).toMatch(/^engine.database: must be a URL \(postgres or postgresql\)/);
    expect(settingProblems('amqp.url', 'http://127.0.0.1:5672')[0]).toMatch(/^amqp.url: must be a URL \(amqp or amqps\)/);
    expect(settingProblems('smtp', { host: '', port: 70000 })).toEqual(['smtp.host: must not be empty', 'smtp.port: must be ≤ 65535']);
    expect(settingProblems('smtp', 'mail.example.com')).toEqual(['smtp: must be an object {host, port, secure?, user?, password?, from?}']);
    expect(settingProblems('slack', { token: 't', channel: '#x' })).toEqual(['slack: unknown field channel; expected {token?, webhookUrl?, baseUrl?}']);
    expect(settingProblems('desktop.closeToTray', 'yes')).toEqual(['desktop.closeToTray: must be true or false']);
  });

  it('covers every key the kernel and the desktop use', () => {
    expect(settingKeys).toEqual(expect.arrayContaining([
      'engine.port', 'ollama.url', 'openai.baseUrl', 'openai.apiKey', 'openai.model', 'smtp', 'slack', 'workers.heartbeatMs',
      'workers.maxTasks', 'workers.lockDurationMs', 'workers.asyncResponseTimeoutMs', 'workers.retryBaseMs', 'workers.defaultRetries',
      'desktop.closeToTray', 'engine.mode', 'engine.url', 'engine.user', 'engine.password', 'engine.database', 'amqp.url', 'amqp.outboxLimit',
    ]));
  });
});

describe('resolved configuration', () => {
  it('fills in defaults', () => {
    const c = resolveConfig({}, {});
    expect(c.engine).toMatchObject({ mode: 'embedded', port: 8080 });
    expect(c.ollama.url).toBe('http://127.0.0.1:11434');
    expect(c.workers).toEqual({ heartbeatMs: 5000, maxTasks: 10, lockDurationMs: 30000, asyncResponseTimeoutMs: 10000, retryBaseMs: 1000, defaultRetries: 3, usePriority: false });
    expect(c.openai).toBeUndefined();
    expect(c.amqp).toBeUndefined();
    expect(c.problems).toEqual([]);
  });

  it('lets the environment win over settings', () => {
    const c = resolveConfig({ 'workers.heartbeatMs': 2000, 'ollama.url': 'http://127.0.0.1:1', 'ollama.threads': 4, 'openai.baseUrl': 'https://a.example/v1' },
      { PROCOS_HEARTBEAT_MS: '1000', PROCOS_OLLAMA_URL: 'http://127.0.0.1:2', PROCOS_OLLAMA_THREADS: '1', OPENAI_API_KEY: 'k' });
    expect(c.workers.heartbeatMs).toBe(1000);
    expect(c.ollama).toEqual({ url: 'http://127.0.0.1:2', model: DEFAULT_MODEL, threads: 1 });
    expect(c.openai).toEqual({ baseUrl: 'https://a.example/v1', apiKey: 'k', model: undefined });
  });

  it('names a bad environment variable', () => {
    expect(() => resolveConfig({}, { PROCOS_HEARTBEAT_MS: '0' })).toThrow('environment variable PROCOS_HEARTBEAT_MS=0: must be ≥ 500 ms');
    expect(() => resolveConfig({}, { PROCOS_OLLAMA_THREADS: '0' })).toThrow('environment variable PROCOS_OLLAMA_THREADS=0: must be ≥ 1');
  });

  it('ignores a stored value that no longer fits, says so, and uses the default', () => {
    const c = resolveConfig({ 'workers.heartbeatMs': 0, 'amqp.url': 'amqp://127.0.0.1' }, {});
    expect(c.workers.heartbeatMs).toBe(5000);
    expect(c.problems).toEqual(['workers.heartbeatMs: must be ≥ 500 ms']);
    expect(c.amqp).toEqual({ url: 'amqp://127.0.0.1', outboxLimit: 100000 });
  });
});

describe('object settings from the environment', () => {
  it('builds smtp and slack from one variable per field, typed by the schema', () => {
    const c = resolveConfig({ smtp: { host: 'stored.example', port: 25 } },
      { SMTP_HOST: 'mail.example.com', SMTP_SECURE: 'true', SMTP_USER: 'u', SLACK_WEBHOOK_URL: 'https://hooks.example.com/x' });
    expect(c.smtp).toEqual({ host: 'mail.example.com', port: 587, secure: true, user: 'u' });
    expect(c.slack).toEqual({ webhookUrl: 'https://hooks.example.com/x' });
  });

  it('names the variable of a bad field', () => {
    expect(() => resolveConfig({}, { SMTP_HOST: 'mail.example.com', SMTP_PORT: 'twenty-five' }))
      .toThrow('environment variable SMTP_PORT: smtp.port: must be a number');
    expect(() => resolveConfig({}, { SLACK_API_URL: 'slack.com/api' })).toThrow(/^environment variable SLACK_API_URL: slack.baseUrl: must be a URL/);
  });
});

describe('the standalone worker\'s configuration', () => {
  it('is the kernel\'s resolution of the environment, with the command line\'s engine winning', () => {
    const env = { PROCOS_ENGINE_URL: 'http://10.0.0.5:8080/engine-rest/', PROCOS_ENGINE_USER: 'demo', PROCOS_ENGINE_PASSWORD: 'pw',
      PROCOS_OLLAMA_URL: 'http://10.0.0.6:11434', PROCOS_DEFAULT_MODEL: 'llama3.2:1b', PROCOS_OLLAMA_THREADS: '2', SMTP_HOST: 'mail.example.com' };
    const fromEnv = standaloneConfig({ topics: ['ai_query'] }, env);
    expect(fromEnv).toMatchObject({
      kind: 'standalone', topics: ['ai_query'],
      engine: { url: 'http://10.0.0.5:8080/engine-rest', user: 'demo', password: 'pw' },
      ollama: { url: 'http://10.0.0.6:11434', defaultModel: 'llama3.2:1b', threads: 2, topicModels: {} },
      smtp: { host: 'mail.example.com', port: 587 },
      ...resolveConfig({}, {}).workers,
    });
    expect(standaloneConfig({ engineUrls: ['http://127.0.0.1:9000/engine-rest'], user: 'cli' }, env).engine)
      .toEqual({ url: 'http://127.0.0.1:9000/engine-rest', user: 'cli', password: 'pw' });
  });

  it('defaults to the bundled model and a local engine', () => {
    const c = standaloneConfig({}, {});
    expect(c.ollama).toEqual({ url: 'http://127.0.0.1:11434', defaultModel: DEFAULT_MODEL, topicModels: {} });
    expect(c.engine.url).toBe(STANDALONE_ENGINE_URL);
  });

  it('refuses a bad variable or engine URL, naming it', () => {
    expect(() => standaloneConfig({}, { PROCOS_OLLAMA_URL: 'ollama:11434' })).toThrow(/^environment variable PROCOS_OLLAMA_URL=ollama:11434: must be a URL/);
    expect(() => standaloneConfig({ engineUrls: ['camunda:8080'] }, {})).toThrow(/^--engine camunda:8080: must be a URL \(http or https\)/);
  });
});
