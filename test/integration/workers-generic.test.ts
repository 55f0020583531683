/**
 * The generic worker and the base worker against a real Camunda engine, with real worker processes:
 * http_request against an HTTP server started here, input_validation's BPMN error path, email_send to
 * a real SMTP server (smtp-server) started here, an unknown topic → incident, a throwing handler
 * whose retries count down to an incident, and a task cancelled while its handler runs (the engine's
 * refusal of the report, as the worker's log shows it).
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../workers/base';
import { success, type HandlerSet } from '../../workers/handler';
import { chainProcess } from '../helpers/workers-bpmn';
import { forkWorker, workerConfig, type WorkerChild } from '../helpers/workers-child';
import {
  deploy, engineRest, freePort, startProcess, startTestEngine, uniqueKey, waitForInstance, type TestEngine,
} from '../helpers/workers-engine';

let engine: TestEngine;
let generic: WorkerChild;
let http: Server;
let httpUrl: string;
const seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];
let smtp: SMTPServer;
let smtpPort: number;
const mails: ParsedMail[] = [];

beforeAll(async () => {
  engine = await startTestEngine();
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(req.url === '/missing' ? 404 : 201, { 'content-type': 'application/json', 'x-test': 'yes' });
      res.end(JSON.stringify({ got: body ? JSON.parse(body) : null, path: req.url }));
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  smtpPort = await freePort();
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, done) { simpleParser(stream).then((m) => { mails.push(m); done(); }, done); },
  });
  await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
  generic = forkWorker('generic', workerConfig('generic', engine, {
    smtp: { host: '127.0.0.1', port: smtpPort, secure: false, from: 'procos@test.local' },
  }));
  await generic.waitFor((m) => m.type === 'register');
});

afterAll(async () => {
  await generic?.stop();
  await new Promise((r) => http?.close(r));
  await new Promise((r) => smtp ? smtp.close(() => r(null)) : r(null));
  await engine?.stop();
});

async function runChain(topics: string[], variables: Record<string, unknown>, options?: Parameters<typeof chainProcess>[2]) {
  const key = uniqueKey(topics.join('_'));
  await deploy(engine, key, chainProcess(key, topics, options));
  return waitForInstance(engine, await startProcess(engine, key, variables));
}

describe('http_request', () => {
  it('sends method, headers and JSON body; returns status, body and headers (headers as a Json variable)', async () => {
    const r = await runChain(['http_request'], {
      url: `${httpUrl}/things`, method: 'POST', headers: { 'x-procos': 'hello' }, body: { name: 'ada' }, timeout: 5000,
    });
    expect(r.state).toBe('COMPLETED');
    expect(r.variables.http_status).toBe(201);
    expect(JSON.parse(r.variables.http_body as string)).toEqual({ got: { name: 'ada' }, path: '/things' });
    expect(r.variables.http_headers).toMatchObject({ 'x-test': 'yes', 'content-type': 'application/json' });
    const req = seen.find((s) => s.url === '/things')!;
    expect(req.method).toBe('POST');
    expect(req.headers['x-procos']).toBe('hello');
    expect(req.headers['content-type']).toBe('application/json');
    const typed = await engineRest<any[]>(engine, 'GET', `/history/variable-instance?variableName=http_headers&processInstanceIdIn=${r.id}`);
    expect(typed[0].type).toBe('Json');
  });

  it('a 404 is a result, not a failure', async () => {
    const r = await runChain(['http_request'], { url: `${httpUrl}/missing` });
    expect(r.state).toBe('COMPLETED');
    expect(r.variables).toMatchObject({ http_status: 404, http_ok: false });
  });

  it('refuses other schemes at once (incident, no retries)', async () => {
    const r = await runChain(['http_request'], { url: 'file:///etc/passwd' });
    expect(r.state).toBe('INCIDENT');
    expect(r.incidents[0].incidentMessage).toMatch(/only http and https URLs are allowed, not file/);
  });

  it('example_generic: fetch then check → Done', async () => {
    await deploy(engine, 'example_generic', readFileSync('processes/example_generic.bpmn', 'utf8'));
    const r = await waitForInstance(engine, await startProcess(engine, 'example_generic', { url: `${httpUrl}/example` }));
    expect(r.state).toBe('COMPLETED');
    expect(r.activities).toContain('EndEvent_done');
    expect(r.variables.validation_passed).toBe(true);
  });
});

describe('input_validation', () => {
  it('valid input passes', async () => {
    const r = await runChain(['input_validation'], { email: 'a@b.org' }, { errorCode: 'VALIDATION_FAILED', inputs: { 0: { required_fields: 'email', field_types: '{"email":"email"}' } } });
    expect(r.activities).toContain('done');
    expect(r.variables.validation_passed).toBe(true);
  });

  it('invalid input takes the BPMN error path with every message', async () => {
    const r = await runChain(['input_validation'], { age: 'old' }, {
      errorCode: 'VALIDATION_FAILED',
      inputs: { 0: { required_fields: 'name,age', field_types: '{"age":"integer"}', validation_schema: '{"type":"object","required":["city"]}' } },
    });
    expect(r.state).toBe('COMPLETED');
    expect(r.activities).toContain('rejected');
    expect(r.activities).not.toContain('done');
    expect(r.variables.validation_errors).toEqual(['name is required', 'age must be an integer', "(input) must have required property 'city'"]);
    expect(r.variables.error_message).toBe("name is required; age must be an integer; (input) must have required property 'city'");
  });
});

describe('email_send', () => {
  it('delivers to the SMTP server with subject and body', async () => {
    const subject = `ProcOS test ${Date.now()}`;
    const r = await runChain(['email_send'], { email_to: 'someone@example.org', email_subject: subject, email_body: 'Hello from a BPMN process.' });
    expect(r.state).toBe('COMPLETED');
    expect(r.variables.email_accepted).toEqual(['someone@example.org']);
    const mail = mails.find((m) => m.subject === subject)!;
    expect(mail).toBeDefined();
    expect(mail.text?.trim()).toBe('Hello from a BPMN process.');
    expect(mail.from?.text).toContain('procos@test.local');
    expect(r.variables.email_message_id).toBe(mail.messageId);
  });

  it('a missing recipient is an incident with a clear message', async () => {
    const r = await runChain(['email_send'], { email_subject: 'x' });
    expect(r.state).toBe('INCIDENT');
    expect(r.incidents[0].incidentMessage).toMatch(/recipient \(to\) is required/);
  });
});

describe('system_health_check', () => {
  it('records the kernel component states (asked over IPC) and the adapters; one failed → degraded', async () => {
    const states = {
      engine: { name: 'engine', state: 'ready' as const, detail: 'ok' },
      ollama: { name: 'ollama', state: 'failed' as const, detail: 'crash loop' },
    };
    const system = forkWorker('system', workerConfig('system', engine, { smtp: { host: '127.0.0.1', port: smtpPort } }), states);
    try {
      await system.waitFor((m) => m.type === 'register');
      const r = await runChain(['system_health_check'], {});
      expect(r.state).toBe('COMPLETED');
      expect(r.variables.components).toEqual(states);
      expect(r.variables.health_status).toBe('degraded');
      expect(r.variables.unhealthy_components).toEqual(['ollama: failed (crash loop)']);
      expect((r.variables.adapters as Record<string, { state: string }>).email.state).toBe('ready');
      expect(system.messages.some((m) => m.message.type === 'request' && m.message.method === 'componentStates')).toBe(true);
    } finally {
      await system.stop();
    }
  });
});

describe('base worker faults', () => {
  it('unknown topic → incident listing the known topics', async () => {
    const odd = forkWorker('generic', workerConfig('generic', engine, { topics: ['no_such_topic'] }));
    try {
      await odd.waitFor((m) => m.type === 'register');
      const r = await runChain(['no_such_topic'], {});
      expect(r.state).toBe('INCIDENT');
      expect(r.incidents[0].incidentMessage).toBe('Unknown topic "no_such_topic": the generic worker handles http_request, input_validation, email_send, slack_post');
    } finally {
      await odd.stop();
    }
  });

  it('a busy worker locks at most maxTasks tasks; the rest stay free for other workers', async () => {
    const topic = uniqueKey('slow');
    let running = 0;
    let most = 0;
    const kind: HandlerSet = { kind: 'test', tags: [], handlers: { [topic]: async () => {
      running++; most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 400));
      running--;
      return success();
    } } };
    const worker = startWorker(kind, workerConfig('test', engine, { maxTasks: 2 }),
      { emit: () => undefined, log: () => undefined, request: (async () => ({})) as never });
    try {
      const key = uniqueKey('slow_proc');
      await deploy(engine, key, chainProcess(key, [topic]));
      const ids = await Promise.all(Array.from({ length: 6 }, () => startProcess(engine, key)));
      await expect.poll(() => most, { timeout: 60_000 }).toBe(2); // the worker took what it may
      const locked = await engineRest<{ count: number }>(engine, 'GET', `/external-task/count?topicName=${topic}&locked=true`);
      expect(locked.count).toBeLessThanOrEqual(2);
      for (const id of ids) expect((await waitForInstance(engine, id)).state).toBe('COMPLETED');
      expect(most).toBe(2);
    } finally {
      await worker.stop();
    }
  });

  it('a throwing handler: retries count down with backoff, then an incident with the message', async () => {
    const topic = uniqueKey('explodes');
    const attempts: { retries: number | null; at: number }[] = [];
    const kind: HandlerSet = {
      kind: 'test', tags: [],
      handlers: { [topic]: async (ctx) => { attempts.push({ retries: ctx.retries, at: Date.now() }); throw new Error('boom: handler exploded'); } },
    };
    const worker: RunningWorker = startWorker(kind, workerConfig('test', engine, { defaultRetries: 3, retryBaseMs: 300 }),
      { emit: () => undefined, log: () => undefined, request: (async () => ({})) as never });
    try {
      const r = await runChain([topic], {});
      expect(r.state).toBe('INCIDENT');
      expect(attempts.map((a) => a.retries)).toEqual([null, 2, 1]);
      expect(r.incidents).toHaveLength(1);
      expect(r.incidents[0].incidentType).toBe('failedExternalTask');
      expect(r.incidents[0].incidentMessage).toBe('boom: handler exploded');
      const [task] = await engineRest<any[]>(engine, 'GET', `/external-task?processInstanceId=${r.id}`);
      expect(task.retries).toBe(0);
      const details = await engineRest<string>(engine, 'GET', `/external-task/${task.id}/errorDetails`).catch(() => '');
      expect(String(details)).toContain('boom: handler exploded');
      // the retry timeout grows: base, then 2 × base
      expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(300);
      expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(600);
    } finally {
      await worker.stop();
    }
  });

  it('a task cancelled while its handler runs: the refused report is logged with the engine\'s message and status, and the worker goes on', async () => {
    const topic = uniqueKey('cancelled');
    let release!: () => void;
    const started: string[] = [];
    const kind: HandlerSet = {
      kind: 'test', tags: [],
      handlers: { [topic]: async (ctx) => {
        started.push(ctx.processInstanceId!);
        if (started.length === 1) await new Promise<void>((r) => { release = r; });
        return success({ answered: true });
      } },
    };
    const logs: string[] = [];
    const worker = startWorker(kind, workerConfig('test', engine), { emit: () => undefined, log: (l) => logs.push(l), request: (async () => ({})) as never });
    try {
      const key = uniqueKey('cancelled_proc');
      await deploy(engine, key, chainProcess(key, [topic]));
      const first = await startProcess(engine, key);
      while (!started.length) await new Promise((r) => setTimeout(r, 50));
      await engineRest(engine, 'DELETE', `/process-instance/${first}`); // the task goes with it
      release();
      const deadline = Date.now() + 10_000;
      while (!logs.some((l) => l.startsWith(`reporting ${topic}`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const refused = logs.find((l) => l.startsWith(`reporting ${topic}`));
      expect(refused).toMatch(/to the engine failed: Response code 404 \(Not Found\); Error: .*does not exist.* \(HTTP 404\)$/);
      const second = await startProcess(engine, key);
      const r = await waitForInstance(engine, second);
      expect(r.state).toBe('COMPLETED');
      expect(r.variables.answered).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
