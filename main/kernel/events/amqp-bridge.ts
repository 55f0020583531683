/**
 * The AMQP bridge (component `amqp`): kernel events go through the SQLite outbox to the durable topic
 * exchange `procos.events` (persistent JSON, publisher confirms, in order), and commands are consumed
 * from `procos.commands`. amqplib's connection recovery reconnects with backoff; every new connection
 * re-declares the topology and sends what waited in the outbox.
 */
import { EventEmitter } from 'node:events';
import { connect, type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage, type Options, type RecoveringChannelModel } from 'amqplib';
import type Database from 'better-sqlite3';
import type { ComponentInfo, ComponentState, KernelEvent, ProcosApi } from '../../../common/contract';
import { Outbox, OUTBOX_DEFAULT_LIMIT, type OutboxMessage } from './outbox';
import { COMMANDS_QUEUE, DEAD_LETTER_EXCHANGE, DEAD_LETTER_QUEUE, ERROR_HEADER, runCommand } from './commands';

export const EVENTS_EXCHANGE = 'procos.events';

export interface AmqpBridgeOptions {
  /** amqp:// or amqps:// URL of the broker */
  url: string;
  /** the store's database (holds the outbox table) */
  db: Database.Database;
  /** what commands call */
  api: Pick<ProcosApi, 'startInstance'>;
  outboxLimit?: number;
  /** reconnect delays: initialMs * 2^n, capped at maxMs */
  backoff?: { initialMs: number; maxMs: number };
}

/** The URL without its password, for status and logs; throws for one that cannot work. */
export function brokerAddress(url: string): string {
  let u: URL;
  try { u = new URL(url); } catch { throw new Error(`"${url.replace(/:[^:@/]*@/, ':***@')}" is not a URL; expected amqp://user:password@host:5672/vhost`); }
  if (u.protocol !== 'amqp:' && u.protocol !== 'amqps:') throw new Error(`the URL must start with amqp:// or amqps://, not ${u.protocol}//`);
  if (!u.hostname) throw new Error('the URL names no host; expected amqp://user:password@host:5672/vhost');
  u.password = '';
  return u.toString();
}

export class AmqpBridge extends EventEmitter {
  readonly name = 'amqp';
  readonly outbox: Outbox;
  readonly address: string;
  private state: ComponentState = 'stopped';
  private reason = '';
  private readySince?: number;
  private lastError?: string;
  private connection?: RecoveringChannelModel;
  private model?: ChannelModel;
  private channel?: ConfirmChannel;
  private pumping = false;
  private pumpAgain = false;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  /** why amqp.url cannot work, if it cannot */
  private readonly badUrl?: string;
  private readonly lines: string[] = [];

  constructor(private readonly opts: AmqpBridgeOptions) {
    super();
    this.outbox = new Outbox(opts.db, opts.outboxLimit ?? OUTBOX_DEFAULT_LIMIT);
    try {
      this.address = brokerAddress(opts.url);
    } catch (err) {
      this.address = '(invalid amqp.url)';
      this.badUrl = `amqp.url cannot work: ${(err as Error).message}`;
      this.setState('failed', this.badUrl);
    }
  }

  /** Stores an event for the broker (AI tokens and log lines are not sent) and sends it when connected. */
  add(event: KernelEvent) {
    if (event.type === 'component' && event.name === 'amqp' && event.state !== 'ready') return; // says only that the broker is away
    if (this.outbox.add(event)) void this.pump();
  }

  info(): ComponentInfo {
    const waiting = `outbox: ${this.outbox.length} waiting${this.outbox.dropped ? `, ${this.outbox.dropped} dropped (amqp.outboxLimit ${this.outbox.limit})` : ''}`;
    const detail = this.state === 'ready' ? `connected to ${this.address}; ${waiting}` : `${this.reason}; broker ${this.address}; ${waiting}`;
    return { name: 'amqp', state: this.state, detail, url: this.address, readySince: this.readySince, lastError: this.lastError };
  }

  logs(lines = 200): string[] { return this.lines.slice(-lines); }

  async start(): Promise<void> {
    if (this.badUrl) return;
    if (this.connection) return;
    this.stopped = false;
    this.setState('starting', `connecting to ${this.address}`);
    const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 500, maxMs: 10_000 };
    const socketOptions = {
      clientProperties: { connection_name: 'procos' },
      recovery: { initialDelay: initialMs, maxDelay: maxMs, factor: 2, jitter: 0.1, waitForConnect: false, setup: (m: ChannelModel) => this.setup(m) },
    };
    const connection = await connect(this.opts.url, socketOptions);
    this.connection = connection;
    connection.on('connect', () => {
      this.setState('ready', `connected to ${this.address}`);
      void this.pump();
    });
    connection.on('disconnect', (err: Error) => { this.dropChannels(); this.log(`disconnected: ${err.message}`); });
    connection.on('reconnect-scheduled', ({ delay, error }: { delay: number; error: Error }) => {
      this.lastError = error.message;
      this.setState('starting', `reconnecting in ${Math.max(1, Math.round(delay / 1000))}s: ${error.message}`);
    });
    connection.on('reconnect-failed', (err: Error) => this.setState('failed', `gave up reconnecting: ${err.message}`));
    connection.on('error', (err: Error) => this.log(`connection error: ${err.message}`));
    connection.on('blocked', (reason: string) => this.log(`the broker blocks publishing: ${reason}`));
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const connection = this.connection;
    this.connection = undefined;
    this.dropChannels();
    await connection?.close().catch(() => undefined);
    if (!this.badUrl) this.setState('stopped', 'stopped');
  }

  /** On every (re)connection: declare the topology, open the publishing channel, consume commands. */
  private async setup(model: ChannelModel) {
    const channel = await model.createConfirmChannel();
    channel.on('error', (err: Error) => this.log(`channel error: ${err.message}`));
    await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    await channel.assertExchange(DEAD_LETTER_EXCHANGE, 'fanout', { durable: true });
    await channel.assertQueue(DEAD_LETTER_QUEUE, { durable: true });
    await channel.bindQueue(DEAD_LETTER_QUEUE, DEAD_LETTER_EXCHANGE, '');
    await channel.assertQueue(COMMANDS_QUEUE, { durable: true, deadLetterExchange: DEAD_LETTER_EXCHANGE });
    const consumer = await model.createChannel();
    consumer.on('error', (err: Error) => this.log(`command channel error: ${err.message}`));
    await consumer.prefetch(4);
    await consumer.consume(COMMANDS_QUEUE, (msg) => {
      if (msg) void this.handleCommand(consumer, msg);
      else void model.close().catch(() => undefined); // the queue went away: reconnect and declare it again
    });
    // a channel closed by the broker (e.g. the exchange was deleted) is repaired by a new connection
    for (const ch of [channel, consumer]) ch.on('close', () => { if (this.model === model) void model.close().catch(() => undefined); });
    this.model = model;
    this.channel = channel;
  }

  private dropChannels() { this.model = undefined; this.channel = undefined; }

  /** Sends what waits in the outbox, oldest first; a message leaves the outbox once the broker confirms it. */
  private async pump(): Promise<void> {
    if (this.stopped) return;
    if (this.pumping) { this.pumpAgain = true; return; }
    this.pumping = true;
    try {
      for (let batch = this.outbox.next(); this.channel && batch.length; batch = this.outbox.next()) {
        const channel = this.channel;
        await Promise.all(batch.map((m) => this.publish(channel, m).then(() => this.outbox.sent(m.id))));
      }
    } catch (err) {
      this.log(`publishing failed, kept in the outbox: ${(err as Error).message}`);
      clearTimeout(this.retryTimer);
      if (!this.stopped) this.retryTimer = setTimeout(() => void this.pump(), 1000); // the connection's recovery does the rest
    } finally {
      this.pumping = false;
      if (this.pumpAgain) { this.pumpAgain = false; void this.pump(); }
    }
  }

  private publish(channel: ConfirmChannel, m: OutboxMessage): Promise<void> {
    const options: Options.Publish = {
      persistent: true, contentType: 'application/json', messageId: m.messageId,
      timestamp: Math.floor(m.at / 1000), type: m.type, appId: 'procos',
    };
    return confirmed(channel, (cb) => channel.publish(EVENTS_EXCHANGE, m.routingKey, Buffer.from(m.body), options, cb));
  }

  private async handleCommand(consumer: Channel, msg: ConsumeMessage) {
    const result = await runCommand(msg.content, this.opts.api);
    const { replyTo, correlationId } = msg.properties;
    const channel = this.channel;
    if (replyTo && channel) {
      await confirmed(channel, (cb) => channel.sendToQueue(replyTo, Buffer.from(JSON.stringify(result)), { contentType: 'application/json', correlationId }, cb))
        .catch((err) => this.log(`could not reply to ${replyTo}: ${(err as Error).message}`));
    }
    try {
      if (result.ok) return consumer.ack(msg);
      this.log(`command dead-lettered: ${result.error}`);
      // a copy with the reason goes to the dead-letter exchange; if that fails, the broker dead-letters the original
      if (!channel) return consumer.nack(msg, false, false);
      const p = msg.properties;
      await confirmed(channel, (cb) => channel.publish(DEAD_LETTER_EXCHANGE, COMMANDS_QUEUE, msg.content, {
        persistent: true, contentType: p.contentType, correlationId: p.correlationId, replyTo: p.replyTo, messageId: p.messageId,
        timestamp: p.timestamp, type: p.type, appId: p.appId, headers: { ...p.headers, [ERROR_HEADER]: result.error },
      }, cb)).then(() => consumer.ack(msg), () => consumer.nack(msg, false, false));
    } catch (err) {
      this.log(`command channel closed before the command was settled (the broker delivers it again): ${(err as Error).message}`);
    }
  }

  private setState(state: ComponentState, reason: string) {
    if (state === this.state && reason === this.reason) return;
    if (state !== this.state) this.readySince = state === 'ready' ? Date.now() : undefined;
    this.state = state;
    this.reason = reason;
    this.log(reason);
    this.emit('state', this.info());
  }

  private log(line: string) {
    this.lines.push(`${new Date().toISOString()} ${line}`);
    if (this.lines.length > 200) this.lines.shift();
  }
}

/** Publishes on a confirm channel and resolves when the broker confirms (rejects on a nack or a closed channel). */
function confirmed(channel: ConfirmChannel, send: (cb: (err: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      send((err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()));
    } catch (err) { reject(err as Error); }
  });
}
