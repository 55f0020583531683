/**
 * The event bridge against a real RabbitMQ (Debian's rabbitmq-server as a private node started here)
 * and a private ProcOS stack (`procos start --headless` with PROCOS_AMQP_URL; it attaches to the shared
 * stack's Ollama): every event of a process run on procos.events with its routing key and body, a person's
 * step as task.created / task.completed; a broker
 * outage during 20 runs loses no ended event; commands start instances and answer; bad commands are
 * dead-lettered with the reason. The outbox itself (a kernel restart, the bound) is driven directly.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelEvent } from '../../common/contract';
import { AmqpBridge } from '../../main/kernel/events/amqp-bridge';
import { Store } from '../../main/kernel/store';
import { freePort } from '../../main/kernel/ports';
import { brokerUnavailable, startBroker, type TestBroker } from '../helpers/rabbitmq';
import { eventually } from '../helpers/cli';
import { testStack } from '../helpers/stack';
import { startPrivateStack, type PrivateStack } from '../helpers/private-stack';
import { scopeValues } from '../../common/variables';
import { userTaskFiles } from '../helpers/user-tasks';

const root = resolve(import.meta.dirname, '..', '..');
const processXml = readFileSync(join(root, 'test', 'fixtures', 'amqp_order.bpmn'), 'utf8');
const unavailable = brokerUnavailable();
if (unavailable) console.warn(`amqp-bridge tests skipped: ${unavailable}`);

interface Seen { routingKey: string; body: Record<string, unknown>; props: GetMessage['properties'] }

/** A durable queue bound with `#` on procos.events, read with basic.get; reopened after an outage. */
class Tap {
  readonly seen: Seen[] = [];
  private conn?: ChannelModel;
  private ch?: Channel;
  constructor(private readonly url: string, readonly queue = 'test.tap') {}
  async open() {
    this.conn = await connect(this.url);
    this.conn.on('error', () => undefined);
    this.ch = await this.conn.createChannel();
    this.ch.on('error', () => undefined);
    await this.ch.assertExchange('procos.events', 'topic', { durable: true });
    await this.ch.assertQueue(this.queue, { durable: true });
    await this.ch.bindQueue(this.queue, 'procos.events', '#');
  }
  async collect(): Promise<Seen[]> {
    for (let m = await this.ch!.get(this.queue, { noAck: true }); m; m = await this.ch!.get(this.queue, { noAck: true })) {
      this.seen.push({ routingKey: m.fields.routingKey, body: JSON.parse(m.content.toString()), props: m.properties });
    }
    return this.seen;
  }
  async close() { await this.conn?.close().catch(() => undefined); }
}

const startAmqpStack = (env: NodeJS.ProcessEnv) => startPrivateStack(mkdtempSync(join(tmpdir(), 'procos-amqp-')), env);

async function stopPrivateStack(stack?: PrivateStack) {
  if (!stack) return;
  if (stack.child.exitCode === null) {
    const exited = new Promise((ok) => stack.child.once('exit', ok));
    stack.child.kill('SIGTERM');
    await exited;
  }
  rmSync(stack.home, { recursive: true, force: true });
}

const outboxWaiting = (detail: string) => Number(/outbox: (\d+) waiting/.exec(detail)?.[1] ?? NaN);

describe.skipIf(unavailable)('AMQP bridge: ProcOS events and commands on a real RabbitMQ', () => {
  let broker: TestBroker;
  let tap: Tap;
  let stack: PrivateStack;
  let commander: ChannelModel;
  let cmd: Channel;

  beforeAll(async () => {
    broker = await startBroker();
    tap = new Tap(broker.url);
    await tap.open(); // bound before ProcOS starts: it sees the boot too
    const ollama = (await testStack().client.status()).components.ollama;
    stack = await startAmqpStack({ PROCOS_AMQP_URL: broker.url, PROCOS_OLLAMA_URL: ollama.url });
    const deployed = await stack.client.deploy({ files: [{ name: 'amqp_order.bpmn', xml: processXml }] });
    expect(deployed.errors, stack.output().slice(-3000)).toEqual([]);
  });

  afterAll(async () => {
    await commander?.close().catch(() => undefined);
    await tap?.close();
    await stopPrivateStack(stack);
    await broker?.stop();
  });

  it('reports an amqp component: connected, the broker address without the password, the outbox', async () => {
    const amqp = await eventually(async () => {
      const c = (await stack.client.status()).components.amqp;
      return c?.state === 'ready' && c;
    }, 'the amqp component to be ready');
    expect(amqp.detail).toContain(`guest@127.0.0.1:${broker.port}`);
    expect(amqp.detail).not.toContain('guest:guest');
    expect(amqp.detail).toMatch(/outbox: \d+ waiting/);
  });

  it('publishes every event of a process run, with routing keys, JSON bodies and message properties', async () => {
    const run = await stack.client.run({ key: 'amqp_order', variables: { order: 'A-1' }, wait: true, timeoutSeconds: 120 });
    expect(run.state).toBe('COMPLETED');
    const forRun = await eventually(async () => {
      const seen = (await tap.collect()).filter((m) => m.body.id === run.id || m.body.instanceId === run.id);
      return seen.some((m) => m.routingKey === 'instance.ended.amqp_order') && seen;
    }, 'the instance.ended event of the run');
    expect(forRun.map((m) => m.routingKey)).toEqual(['instance.started.amqp_order', 'task.done.input_validation', 'instance.ended.amqp_order']);
    expect(forRun[0].body).toMatchObject({ type: 'instance', id: run.id, key: 'amqp_order', state: 'started', at: expect.any(Number) });
    expect(forRun[1].body).toMatchObject({ type: 'task', topic: 'input_validation', outcome: 'done', instanceId: run.id });
    expect(forRun[2].body).toMatchObject({ type: 'instance', id: run.id, key: 'amqp_order', state: 'ended' });

    const all = tap.seen;
    const deployment = all.find((m) => m.routingKey === 'deployment.created' && JSON.stringify(m.body).includes('amqp_order'));
    expect(deployment?.body).toMatchObject({ type: 'deployment', deploymentId: expect.any(String), processes: [{ key: 'amqp_order', version: expect.any(Number) }] });
    for (const name of ['engine', 'processes', 'worker:generic']) {
      expect(all.find((m) => m.routingKey === `component.ready.${name}`)?.body, name).toMatchObject({ type: 'component', name, state: 'ready', detail: expect.any(String) });
    }
    expect(all.every((m) => !m.routingKey.startsWith('ai-token') && !m.routingKey.startsWith('log'))).toBe(true);
    for (const m of all) {
      expect(m.props).toMatchObject({ contentType: 'application/json', deliveryMode: 2, appId: 'procos', messageId: expect.any(String), timestamp: expect.any(Number) });
      expect(m.props.type).toBe(m.body.type);
    }
    expect(new Set(all.map((m) => m.props.messageId)).size).toBe(all.length);
  });

  it('publishes a person\'s step as task.created / task.completed.<process key>, typed user-task (apart from task.done.<topic>)', async () => {
    const key = `amqp_person_${Date.now().toString(36)}`;
    expect((await stack.client.deploy({ files: userTaskFiles(key, 'none') })).errors).toEqual([]);
    const { id: instanceId } = await stack.client.startInstance({ key });
    const created = await eventually(async () => (await tap.collect()).find((m) => m.routingKey === `task.created.${key}`), 'task.created');
    expect(created.body).toMatchObject({ type: 'user-task', state: 'created', name: 'Decide', key, instanceId, id: expect.any(String), at: expect.any(Number) });
    expect(created.props.type).toBe('user-task');
    await stack.client.completeTask({ id: created.body.id as string, variables: { approved: true, amount: 3 } });
    const completed = await eventually(async () => (await tap.collect()).find((m) => m.routingKey === `task.completed.${key}`), 'task.completed');
    expect(completed.body).toMatchObject({ type: 'user-task', state: 'completed', id: created.body.id, key, instanceId });
    // the watcher, which found the next task after the completion, did not announce the completion again
    const { id: next } = await stack.client.startInstance({ key });
    await eventually(async () => (await tap.collect()).find((m) => m.routingKey === `task.created.${key}` && m.body.instanceId === next), 'the next task.created');
    expect(tap.seen.filter((m) => m.routingKey === `task.completed.${key}`)).toHaveLength(1);
  });

  it('keeps events while the broker is down and sends all 20 ended events, in order, once it is back', async () => {
    await tap.collect();
    await broker.stopApp();
    let runs: { id: string; state: string }[];
    try {
      await tap.close();
      const away = await eventually(async () => {
        const c = (await stack.client.status()).components.amqp;
        return c.state === 'starting' && /reconnecting in \d+s: /.test(c.detail) && c;
      }, 'the amqp component to say it is reconnecting');
      expect(away.detail).toContain(`127.0.0.1:${broker.port}`);

      runs = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        stack.client.run({ key: 'amqp_order', variables: { order: `O-${i}` }, wait: true, timeoutSeconds: 180 })));
      expect(runs.map((r) => r.state)).toEqual(Array(20).fill('COMPLETED'));
      // every ended event is in the outbox before the broker comes back (the kernel sees ends by polling)
      await eventually(async () => outboxWaiting((await stack.client.status()).components.amqp.detail) >= 60 || undefined, 'the outbox to hold the 20 runs');
    } finally {
      await broker.startApp(); // also when the test failed: the tests after it need the broker
    }
    await tap.open();
    const ids = new Set(runs.map((r) => r.id));
    const ended = await eventually(async () => {
      const got = (await tap.collect()).filter((m) => m.routingKey === 'instance.ended.amqp_order' && ids.has(m.body.id as string));
      // delivery is at least once (a message may come twice after a reconnect): wait for 20 distinct ones
      return new Set(got.map((m) => m.body.id)).size >= 20 && got;
    }, 'all 20 instance.ended events after the outage');
    expect(new Set(ended.map((m) => m.body.id)).size).toBe(20);
    for (const id of ids) {
      const keys = tap.seen.filter((m) => m.body.id === id || m.body.instanceId === id).map((m) => m.routingKey);
      expect(keys.indexOf('instance.started.amqp_order'), id).toBeLessThan(keys.indexOf('instance.ended.amqp_order'));
    }
    const back = await eventually(async () => {
      const c = (await stack.client.status()).components.amqp;
      return c.state === 'ready' && outboxWaiting(c.detail) === 0 && c;
    }, 'the outbox to empty');
    expect(back.detail).toContain('connected to');
  });

  /** The sending side; connected after the outage test (which ends every connection). */
  async function commands(): Promise<Channel> {
    if (!cmd) {
      commander = await connect(broker.url);
      commander.on('error', () => undefined);
      cmd = await commander.createChannel();
    }
    return cmd;
  }

  async function command(body: string | object): Promise<{ ok: boolean; id?: string; error?: string }> {
    const cmd = await commands();
    const { queue } = await cmd.assertQueue('', { exclusive: true });
    const correlationId = `c-${Math.random()}`;
    const reply = new Promise<{ ok: boolean; id?: string; error?: string }>((ok) => {
      void cmd.consume(queue, (m) => { if (m?.properties.correlationId === correlationId) ok(JSON.parse(m.content.toString())); }, { noAck: true });
    });
    cmd.sendToQueue('procos.commands', Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), { replyTo: queue, correlationId, contentType: 'application/json' });
    return reply;
  }

  it('starts an instance from a command on procos.commands and answers with its id', async () => {
    const reply = await command({ action: 'start', key: 'amqp_order', variables: { order: 'C-1' }, businessKey: 'from-amqp' });
    expect(reply).toMatchObject({ ok: true, id: expect.any(String) });
    const instance = await eventually(async () => {
      const i = await stack.client.instance({ id: reply.id! });
      return i.state === 'COMPLETED' && i;
    }, 'the commanded instance to complete');
    expect(instance).toMatchObject({ businessKey: 'from-amqp', definitionKey: 'amqp_order' });
    expect(scopeValues(instance.variables).order).toBe('C-1');
    await eventually(async () => (await tap.collect()).some((m) => m.routingKey === 'instance.ended.amqp_order' && m.body.id === reply.id), 'its ended event');
  });

  it('dead-letters malformed and failing commands with the reason, answers the error, and keeps consuming', async () => {
    const bad = [
      { body: 'start amqp_order please', reason: /not JSON/ },
      { body: { action: 'stop', key: 'amqp_order' }, reason: /unknown action "stop"/ },
      { body: { action: 'start', variables: {} }, reason: /invalid start command: key/ },
      { body: { action: 'start', key: 'no_such_process' }, reason: /could not start "no_such_process"/ },
    ];
    for (const b of bad) expect((await command(b.body)).error).toMatch(b.reason);
    const cmd = await commands();
    // each is dead-lettered once it is answered: the last may reach the queue a moment after its answer
    const got: GetMessage[] = [];
    const dead = await eventually(async () => {
      for (let m = await cmd.get('procos.commands.dead', { noAck: true }); m; m = await cmd.get('procos.commands.dead', { noAck: true })) got.push(m);
      return got.length >= bad.length ? got : undefined;
    }, 'the dead-lettered commands').catch(() => got);
    expect(dead).toHaveLength(bad.length);
    bad.forEach((b, i) => {
      expect(String(dead[i].properties.headers?.['x-procos-error'])).toMatch(b.reason);
      expect(dead[i].content.toString()).toBe(typeof b.body === 'string' ? b.body : JSON.stringify(b.body));
    });
    expect(await command({ action: 'start', key: 'amqp_order', variables: { order: 'C-2' } })).toMatchObject({ ok: true });
    expect((await stack.client.status()).components.amqp.state).toBe('ready');
  });

  describe('the outbox', () => {
    let home: string;
    beforeAll(() => { home = mkdtempSync(join(tmpdir(), 'procos-outbox-')); });
    const event = (i: number): KernelEvent => ({ type: 'instance', id: `restart-${i}`, key: 'outbox_test', state: 'ended', at: Date.now() });
    afterAll(() => rmSync(home, { recursive: true, force: true }));

    it('keeps unsent events across a kernel restart and sends them in order; bounded, counting what it dropped', async () => {
      const vhost = await broker.addVhost('outbox-test');
      const vtap = new Tap(vhost);
      await vtap.open();
      const nowhere = `amqp://guest:guest@127.0.0.1:${await freePort()}`; // a broker that is away
      let store = new Store(home);
      let bridge = new AmqpBridge({ url: nowhere, db: store.db, api: { startInstance: async () => { throw new Error('no kernel here'); } }, outboxLimit: 5 });
      await bridge.start();
      for (let i = 0; i < 8; i++) bridge.add(event(i));
      bridge.add({ type: 'ai-token', requestId: 'r', token: 'x', at: Date.now() });
      expect(bridge.info()).toMatchObject({ name: 'amqp', state: 'starting' });
      expect(bridge.info().detail).toMatch(/outbox: 5 waiting, 3 dropped \(amqp.outboxLimit 5\)/);
      await bridge.stop();
      store.close();

      store = new Store(home); // the kernel restarts, now with the broker there
      bridge = new AmqpBridge({ url: vhost, db: store.db, api: { startInstance: async () => { throw new Error('no kernel here'); } } });
      await bridge.start();
      const got = await eventually(async () => {
        const seen = await vtap.collect();
        return seen.length >= 5 && seen;
      }, 'the kept events');
      expect(got.map((m) => m.body.id)).toEqual(['restart-3', 'restart-4', 'restart-5', 'restart-6', 'restart-7']);
      expect(got.every((m) => m.routingKey === 'instance.ended.outbox_test')).toBe(true);
      expect(bridge.info()).toMatchObject({ state: 'ready' });
      expect(bridge.outbox.length).toBe(0);
      await bridge.stop();
      store.close();
      await vtap.close();
    });

    it('marks an amqp.url that cannot work as failed, with the reason', () => {
      const store = new Store(home);
      const bridge = new AmqpBridge({ url: 'http://broker.example:5672', db: store.db, api: { startInstance: async () => ({ id: '' }) } });
      expect(bridge.info()).toMatchObject({ state: 'failed', detail: expect.stringMatching(/amqp.url cannot work: the URL must start with amqp:\/\/ or amqps:\/\//) });
      store.close();
    });
  });
});
