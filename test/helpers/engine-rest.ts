/** The engine's REST API of a stack, as the kernel reaches it: its URL from status, the admin user from the data dir. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcosClient } from '../../common/contract';

export type EngineCall = <T = unknown>(path: string, init?: { method?: string; body?: unknown }) => Promise<T>;

export async function engineRest(client: ProcosClient, home: string): Promise<{ call: EngineCall; root: string }> {
  const url = (await client.status()).components.engine.url!;
  const { user, password } = JSON.parse(readFileSync(join(home, 'engine', 'credentials.json'), 'utf8'));
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const call: EngineCall = async (path, init = {}) => {
    const res = await fetch(path.startsWith('http') ? path : `${url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as never;
  };
  return { call, root: url.replace(/\/engine-rest$/, '') };
}
