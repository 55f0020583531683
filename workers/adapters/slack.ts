/** Slack adapter: chat.postMessage (bot token) and incoming webhooks; the API base URL is configurable. */
import type { ComponentInfo } from '../../common/contract';
import type { WorkerConfig } from '../../common/worker-protocol';
import { AdapterError, str, unknownMethod, type AdapterParams, type ServiceAdapter } from './types';

export const DEFAULT_SLACK_API = 'https://slack.com/api';
const TIMEOUT_MS = 15_000;
/** Slack's errors that a later try may not get (rate limits and its own outages); the rest are permanent. */
const TRANSIENT_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
const permanentStatus = (status: number) => status < 500 && status !== 429;

/** What the Slack Web API answers (the fields ProcOS reads). */
interface SlackReply { ok: boolean; error?: string; channel?: string; ts?: string; user?: string; team?: string }

export class SlackAdapter implements ServiceAdapter {
  readonly name = 'slack';
  private readonly baseUrl: string;
  constructor(private readonly settings: WorkerConfig['slack'] = {}) {
    this.baseUrl = (settings?.baseUrl ?? DEFAULT_SLACK_API).replace(/\/$/, '');
  }

  configured() { return Boolean(this.settings?.token || this.settings?.webhookUrl); }

  async call(method: string, params: AdapterParams) {
    if (method === 'post_message') return this.postMessage(params);
    if (method === 'webhook') return this.webhook(params);
    throw unknownMethod(this.name, method, ['post_message', 'webhook']);
  }

  async postMessage(params: AdapterParams) {
    if (!this.settings?.token) throw new AdapterError('Slack token is not configured (slack.token)', true);
    const channel = str(params.channel);
    const text = str(params.text ?? params.message);
    if (!channel || !text) throw new AdapterError('post_message needs channel and text', true);
    const body = await this.api('chat.postMessage', { channel, text, blocks: params.blocks, thread_ts: params.thread_ts });
    return { ok: true, channel: body.channel, ts: body.ts };
  }

  async webhook(params: AdapterParams) {
    const url = str(params.webhookUrl) ?? this.settings?.webhookUrl;
    if (!url) throw new AdapterError('no Slack webhook URL (slack.webhookUrl)', true);
    const text = str(params.text ?? params.message);
    if (!text) throw new AdapterError('webhook needs text', true);
    const res = await send(url, { 'content-type': 'application/json' }, { text, blocks: params.blocks });
    const reply = await res.text();
    if (!res.ok) throw new AdapterError(`Slack webhook answered HTTP ${res.status}: ${reply}`, permanentStatus(res.status));
    return { ok: true, response: reply };
  }

  private async api(method: string, payload: Record<string, unknown>): Promise<SlackReply> {
    const res = await send(`${this.baseUrl}/${method}`,
      { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${this.settings!.token}` }, payload);
    const text = await res.text();
    if (!res.ok) throw new AdapterError(`Slack ${method} answered HTTP ${res.status}: ${text.slice(0, 200)}`, permanentStatus(res.status));
    const body = JSON.parse(text) as SlackReply;
    if (!body.ok) throw new AdapterError(`Slack ${method} failed: ${body.error ?? 'unknown error'}`, !TRANSIENT_ERRORS.has(body.error ?? ''));
    return body;
  }

  async healthCheck(): Promise<ComponentInfo> {
    if (!this.configured()) return { name: this.name, state: 'stopped', detail: 'Slack not configured' };
    if (!this.settings?.token) return { name: this.name, state: 'ready', detail: 'incoming webhook configured (not probed: probing would post)' };
    try {
      const body = await this.api('auth.test', {});
      return { name: this.name, state: 'ready', detail: `authenticated as ${body.user ?? '?'} on ${body.team ?? '?'}`, url: this.baseUrl };
    } catch (error) {
      return { name: this.name, state: 'failed', detail: (error as Error).message, url: this.baseUrl };
    }
  }
}

async function send(url: string, headers: Record<string, string>, payload: unknown): Promise<Response> {
  try {
    return await fetch(url, { method: 'POST', headers, body: JSON.stringify(payload), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const e = error as Error & { cause?: Error };
    throw new AdapterError(`Slack request to ${url} failed: ${e.cause?.message ?? e.message}`);
  }
}
