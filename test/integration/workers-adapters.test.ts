/**
 * Service adapters with real servers started here: an SMTP server (smtp-server) for email, an HTTP
 * server for http, and an HTTP server speaking Slack's Web API shape at a configurable base URL
 * (slack.com itself is not reachable offline; this checks what the adapter sends and how it reads replies).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, adapterHealth, EmailAdapter, HttpAdapter, SlackAdapter } from '../../workers/adapters';
import { freePort } from '../helpers/workers-engine';

let smtp: SMTPServer;
let smtpPort: number;
const received: { from: string; to: string[]; raw: string }[] = [];
let api: Server;
let apiUrl: string;
const calls: { path: string; auth?: string; body: any }[] = [];

const readBody = (req: IncomingMessage) => new Promise<string>((r) => { let b = ''; req.on('data', (c) => { b += c; }); req.on('end', () => r(b)); });

beforeAll(async () => {
  smtpPort = await freePort();
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c) => { raw += c; });
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
  api = createServer(async (req, res) => {
    const body = await readBody(req);
    calls.push({ path: req.url!, auth: req.headers.authorization, body: body ? JSON.parse(body) : undefined });
    res.setHeader('content-type', 'application/json');
    if (req.url === '/api/auth.test') return res.end(JSON.stringify({ ok: req.headers.authorization === 'Bearer xoxb-good', user: 'procos', team: 'T', error: 'invalid_auth' }));
    if (req.url === '/api/chat.postMessage') return res.end(JSON.stringify(body.includes('"channel":"#nope"') ? { ok: false, error: 'channel_not_found' } : { ok: true, channel: 'C1', ts: '1.2' }));
    if (req.url === '/hook') { res.setHeader('content-type', 'text/plain'); return res.end('ok'); }
    res.statusCode = 404; res.end('{}');
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((r) => smtp.close(() => r(null)));
  await new Promise((r) => api.close(r));
});

describe('EmailAdapter', () => {
  it('sends through SMTP and reports healthy', async () => {
    const email = new EmailAdapter({ host: '127.0.0.1', port: smtpPort, from: 'procos@test.local' });
    expect((await email.healthCheck()).state).toBe('ready');
    const sent = await email.call('send_email', { to: 'a@example.org', subject: 'Hi', text: 'Body text' });
    expect(sent.accepted).toEqual(['a@example.org']);
    const mail = received.at(-1)!;
    expect(mail).toMatchObject({ from: 'procos@test.local', to: ['a@example.org'] });
    expect(mail.raw).toContain('Subject: Hi');
    expect(mail.raw).toContain('Body text');
  });
  it('unconfigured → stopped health and a permanent error', async () => {
    const email = new EmailAdapter(undefined);
    expect((await email.healthCheck()).state).toBe('stopped');
    await expect(email.call('send_email', { to: 'a@b.c', text: 'x' })).rejects.toMatchObject({ permanent: true, message: expect.stringMatching(/SMTP is not configured/) });
  });
  it('a server that does not answer → failed health', async () => {
    const email = new EmailAdapter({ host: '127.0.0.1', port: await freePort() });
    expect((await email.healthCheck())).toMatchObject({ state: 'failed', detail: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe('HttpAdapter', () => {
  it('returns status, body, headers; refuses other schemes and unknown methods', async () => {
    const http = new HttpAdapter();
    const r = await http.call('request', { url: `${apiUrl}/hook`, method: 'post', body: { a: 1 } });
    expect(r).toMatchObject({ status: 200, body: 'ok' });
    expect(calls.at(-1)!.body).toEqual({ a: 1 });
    await expect(http.call('request', { url: 'ftp://x' })).rejects.toThrow(/only http and https/);
    await expect(http.call('fetch', {})).rejects.toThrow(/no method "fetch"; methods: request/);
    await expect(http.call('request', { url: `http://127.0.0.1:${await freePort()}/` })).rejects.toMatchObject({ permanent: false });
  });
});

describe('SlackAdapter (base URL configurable)', () => {
  it('posts chat.postMessage with the bot token and reads Slack errors', async () => {
    const slack = new SlackAdapter({ baseUrl: `${apiUrl}/api`, token: 'xoxb-good' });
    expect(await slack.call('post_message', { channel: '#general', text: 'hello' })).toEqual({ ok: true, channel: 'C1', ts: '1.2' });
    expect(calls.at(-1)).toMatchObject({ path: '/api/chat.postMessage', auth: 'Bearer xoxb-good', body: { channel: '#general', text: 'hello' } });
    await expect(slack.call('post_message', { channel: '#nope', text: 'x' })).rejects.toThrow('Slack chat.postMessage failed: channel_not_found');
    expect((await slack.healthCheck()).state).toBe('ready');
    expect((await new SlackAdapter({ baseUrl: `${apiUrl}/api`, token: 'bad' }).healthCheck())).toMatchObject({ state: 'failed', detail: expect.stringMatching(/invalid_auth/) });
  });
  it('posts to an incoming webhook', async () => {
    const slack = new SlackAdapter({ webhookUrl: `${apiUrl}/hook` });
    expect(await slack.call('webhook', { text: 'deployed' })).toEqual({ ok: true, response: 'ok' });
    expect(calls.at(-1)!.body).toEqual({ text: 'deployed' });
  });
});

describe('adapterHealth', () => {
  it('reports every adapter as a component', async () => {
    const health = await adapterHealth({ smtp: { host: '127.0.0.1', port: smtpPort } });
    expect(Object.keys(health).sort()).toEqual(['email', 'http', 'slack']);
    expect(health.email.state).toBe('ready');
    expect(health.slack.state).toBe('stopped');
    expect(health.http.state).toBe('ready');
  });
  it('AdapterError is exported for callers', () => {
    expect(new AdapterError('x', true).permanent).toBe(true);
  });
});
