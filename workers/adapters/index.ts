/**
 * The adapters a worker uses, built from its config, and their health for the kernel:
 *   adapterHealth(config) → Record<'email'|'slack'|'http', ComponentInfo>
 * (`stopped` = not configured, which should not degrade the aggregate health).
 */
import type { ComponentInfo } from '../../common/contract';
import type { WorkerConfig } from '../../common/worker-protocol';
import { EmailAdapter } from './email';
import { HttpAdapter } from './http';
import { SlackAdapter } from './slack';
import type { ServiceAdapter } from './types';

export { AdapterError, type ServiceAdapter } from './types';
export { EmailAdapter } from './email';
export { HttpAdapter, httpRequest } from './http';
export { SlackAdapter } from './slack';

export interface Adapters { email: EmailAdapter; slack: SlackAdapter; http: HttpAdapter }

export function createAdapters(config: Pick<WorkerConfig, 'smtp' | 'slack'>): Adapters {
  return { email: new EmailAdapter(config.smtp), slack: new SlackAdapter(config.slack), http: new HttpAdapter() };
}

export async function adapterHealth(config: Pick<WorkerConfig, 'smtp' | 'slack'>): Promise<Record<string, ComponentInfo>> {
  const adapters: ServiceAdapter[] = Object.values(createAdapters(config));
  const checks = await Promise.all(adapters.map((a) => a.healthCheck().catch((e: Error): ComponentInfo =>
    ({ name: a.name, state: 'failed', detail: e.message }))));
  return Object.fromEntries(checks.map((c) => [c.name, c]));
}
