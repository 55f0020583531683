/**
 * The shared test stack's engine REST API, as a test step that stands in for what a person or
 * another system does there (complete a task with its form, fire a timer, send a message): the
 * engine's URL from status, the admin credentials the kernel generated in the data dir.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testStack } from './stack';

export interface StackEngine {
  url: string;
  request<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function stackEngine(): Promise<StackEngine> {
  const { client, home } = testStack();
  const url = (await client.status()).components.engine.url!;
  const creds = JSON.parse(readFileSync(join(home, 'engine', 'credentials.json'), 'utf8')) as { user: string; password: string };
  const authorization = `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}`;
  return {
    url,
    async request<T>(method: 'GET' | 'POST', path: string, body?: unknown) {
      const res = await fetch(`${url}${path}`, {
        method, headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
  };
}
