/** One health rule (common/health.ts) for the tray and `status`, and for the system process's health check. */
import { describe, expect, it } from 'vitest';
import type { ComponentInfo } from '../../common/contract';
import { aggregate, healthOf } from '../../common/health';
import type { TaskContext } from '../../workers/handler';
import { systemWorker } from '../../workers/system';
import { workerConfig } from '../helpers/workers-child';

const c = (name: string, state: ComponentInfo['state']): ComponentInfo => ({ name, state, detail: `${name} is ${state}` });
const of = (...list: ComponentInfo[]) => Object.fromEntries(list.map((x) => [x.name, x]));

describe('the health rule', () => {
  it('is ready only when everything is', () => {
    expect(aggregate(of(c('engine', 'ready'), c('ollama', 'ready')))).toMatchObject({ ready: true, health: 'ready' });
  });
  it('is starting while something starts', () => {
    expect(healthOf(of(c('engine', 'ready'), c('ollama', 'starting')))).toBe('starting');
  });
  it('is degraded when a part that is not essential failed or stopped', () => {
    expect(healthOf(of(c('engine', 'ready'), c('ollama', 'failed')))).toBe('degraded');
    expect(healthOf(of(c('engine', 'ready'), c('worker:ai', 'stopped'), c('ollama', 'starting')))).toBe('degraded');
  });
  it('is failed when the engine or Java failed, whatever the rest, or when nothing runs', () => {
    expect(healthOf(of(c('engine', 'failed'), c('ollama', 'ready'), c('worker:generic', 'ready')))).toBe('failed');
    expect(healthOf(of(c('java', 'failed'), c('engine', 'stopped'), c('ollama', 'ready')))).toBe('failed');
    expect(healthOf(of(c('ollama', 'failed'), c('worker:ai', 'stopped')))).toBe('failed');
    expect(aggregate({})).toMatchObject({ ready: false, health: 'failed' });
  });
});

describe('system_health_check', () => {
  async function check(components: Record<string, ComponentInfo>) {
    const ctx = {
      topic: 'system_health_check', taskId: 't1', variables: {}, retries: null,
      config: workerConfig('system', { url: 'http://127.0.0.1:1/engine-rest' }), // no SMTP, no Slack: adapters `stopped`
      emit: () => undefined, extendLock: async () => undefined,
      request: (async () => components) as TaskContext['request'],
    } satisfies TaskContext;
    const result = await systemWorker.handlers.system_health_check(ctx);
    if (result.kind !== 'success') throw new Error(`the health check did not succeed: ${JSON.stringify(result)}`);
    return result.variables!;
  }

  it('says what the tray says: engine failed and the rest ready is failed, not degraded', async () => {
    const components = of(c('engine', 'failed'), c('ollama', 'ready'), c('worker:system', 'ready'));
    const v = await check(components);
    expect(v.health_status).toBe('failed');
    expect(v.health_status).toBe(aggregate(components).health);
    expect(v.unhealthy_components).toEqual(['engine: failed (engine is failed)']);
  });

  it('does not count adapters nobody configured', async () => {
    const v = await check(of(c('engine', 'ready'), c('ollama', 'ready')));
    expect(v.health_status).toBe('ready');
    expect((v.adapters as Record<string, ComponentInfo>).email.state).toBe('stopped');
  });
});
