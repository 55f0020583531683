/**
 * A Slack-compatible HTTP server for tests and benches (Slack's own API cannot be reached here): the
 * Web API's `auth.test` and `chat.postMessage` as Slack documents them — bearer token, JSON or form
 * body, HTTP 200 with `{ok: false, error}` for refusals (`not_authed`, `invalid_auth`,
 * `channel_not_found`, `no_text`) — and an incoming webhook at /hooks/… answering `ok` as Slack does.
 * Every accepted message is kept in `messages`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ProcosClient } from '../../common/contract';

export interface SlackMessage { channel: string; text: string; ts: string; via: 'api' | 'webhook'; token?: string }

export interface SlackServer {
  /** give this as slack.baseUrl */
  apiUrl: string;
  /** give this as slack.webhookUrl */
  webhookUrl: string;
  token: string;
  messages: SlackMessage[];
  close(): Promise<void>;
}

/** channel name (without #) → id, as a workspace would have them */
const CHANNELS: Record<string, string> = { general: 'C0GENERAL', sales: 'C0SALES', alerts: 'C0ALERTS' };

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try { return JSON.parse(raw); } catch { return { invalid_json: raw }; }
}

const reply = (res: ServerResponse, payload: unknown, status = 200) => {
  res.writeHead(status, { 'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json; charset=utf-8' });
  res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
};

/** `anyChannel`: every #name exists (a bench's drafts name channels of their own); else only #general, #sales, #alerts. */
export async function startSlackServer(token = 'xoxb-procos-test', { anyChannel = false } = {}): Promise<SlackServer> {
  const messages: SlackMessage[] = [];
  let seq = 0;
  const ts = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const payload = await body(req);
    if (req.method !== 'POST') return reply(res, { ok: false, error: 'method_not_supported' }, 405);
    if (url.pathname.startsWith('/hooks/')) {
      if (!payload.text) return reply(res, 'no_text', 400);
      messages.push({ channel: 'webhook', text: String(payload.text), ts: ts(), via: 'webhook' });
      return reply(res, 'ok');
    }
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (payload.token as string | undefined);
    if (!auth) return reply(res, { ok: false, error: 'not_authed' });
    if (auth !== token) return reply(res, { ok: false, error: 'invalid_auth' });
    if (url.pathname === '/api/auth.test') return reply(res, { ok: true, url: 'https://procos-test.slack.com/', team: 'ProcOS test', user: 'procos-bot', team_id: 'T0PROCOS', user_id: 'U0BOT' });
    if (url.pathname === '/api/chat.postMessage') {
      const name = String(payload.channel ?? '').replace(/^#/, '');
      const channel = CHANNELS[name] ?? (Object.values(CHANNELS).includes(name) ? name : anyChannel && /^[a-z0-9_-]+$/.test(name) ? `C0${name.toUpperCase()}` : undefined);
      if (!channel) return reply(res, { ok: false, error: 'channel_not_found' });
      if (!payload.text) return reply(res, { ok: false, error: 'no_text' });
      const message: SlackMessage = { channel, text: String(payload.text), ts: ts(), via: 'api', token: auth };
      messages.push(message);
      return reply(res, { ok: true, channel, ts: message.ts, message: { type: 'message', text: message.text, ts: message.ts } });
    }
    return reply(res, { ok: false, error: 'unknown_method' }, 404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    apiUrl: `${base}/api`, webhookUrl: `${base}/hooks/T0PROCOS/B0HOOK/secret`, token, messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A Slack server for the stack behind `client`: its settings point slack_post at it until close(). */
export async function slackForProcos(client: ProcosClient): Promise<SlackServer> {
  const slack = await startSlackServer();
  await client.updateSettings({ slack: { baseUrl: slack.apiUrl, token: slack.token } });
  return {
    ...slack,
    async close() {
      await client.updateSettings({ slack: null }).catch(() => undefined);
      await slack.close();
    },
  };
}
