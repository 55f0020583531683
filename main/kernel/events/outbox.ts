/**
 * The event outbox: kernel events bound for the message broker wait in SQLite (table `outbox`, created
 * by a store migration) until the broker confirms them, so a broker outage or a kernel restart loses
 * nothing. Rows go out in id order; the table is bounded, and on overflow the oldest rows are dropped
 * and counted. Also here: which events are published, and their routing keys and message bodies.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { KernelEvent } from '../../../common/contract';

export const OUTBOX_DEFAULT_LIMIT = 10_000;

export interface OutboxMessage {
  id: number;
  messageId: string;
  routingKey: string;
  /** ms since epoch: when the event happened */
  at: number;
  type: string;
  body: string;
}

/** One routing-key word: AMQP topic words are separated by dots, so dots inside a name become `_`. */
const word = (s: string) => s.replace(/[.\s]+/g, '_');

/**
 * What goes to `procos.events` for a kernel event, or undefined for the ones that stay inside the app
 * (AI tokens, log lines, model downloads, the copilot's progress; the last token of an answer becomes `ai.answered`). Routing key:
 * `<type>.<state or verb>[.<process key, component or topic>]`; user tasks go as `task.<state>.<process key>`.
 */
export function brokerMessage(event: KernelEvent): { routingKey: string; body: Record<string, unknown> } | undefined {
  if (event.type === 'log' || event.type === 'model-pull' || event.type === 'copilot') return undefined;
  if (event.type === 'ai-token') {
    if (!event.done) return undefined;
    const { token: _token, done: _done, ...rest } = event;
    return { routingKey: 'ai.answered', body: { ...rest, type: 'ai' } };
  }
  if (event.type === 'user-task') {
    // a person's step: `task.<created|completed|assigned>.<process key>`, its body typed `user-task` (the
    // external tasks workers do are `task.<done|failed|bpmn-error>.<topic>`, typed `task`)
    return { routingKey: ['task', event.state, event.key].filter((w): w is string => !!w).map(word).join('.'), body: { ...event } };
  }
  const e = event as Record<string, unknown> & { type: string };
  const verb = e.state ?? e.outcome ?? e.verb ?? (e.type === 'deployment' ? 'created' : undefined);
  const subject = e.key ?? e.name ?? e.topic;
  const key = [e.type, verb, subject].filter((w): w is string => typeof w === 'string' && w !== '').map(word).join('.');
  return { routingKey: key, body: { ...e } };
}

export class Outbox {
  private readonly insert: Database.Statement;
  private readonly trim: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly nextRows: Database.Statement;
  private readonly count: Database.Statement;
  /** rows dropped on overflow since this kernel started */
  dropped = 0;

  constructor(private readonly db: Database.Database, public limit = OUTBOX_DEFAULT_LIMIT) {
    this.insert = db.prepare('INSERT INTO outbox (message_id, routing_key, at, type, body) VALUES (?, ?, ?, ?, ?)');
    this.trim = db.prepare('DELETE FROM outbox WHERE id <= (SELECT MAX(id) FROM outbox) - ?');
    this.remove = db.prepare('DELETE FROM outbox WHERE id = ?');
    this.nextRows = db.prepare(`SELECT id, message_id AS messageId, routing_key AS routingKey, at, type, body
      FROM outbox WHERE id > ? ORDER BY id LIMIT ?`);
    this.count = db.prepare('SELECT COUNT(*) AS n FROM outbox');
  }

  /** Stores the event if it is one for the broker; true when stored. */
  add(event: KernelEvent): boolean {
    const message = brokerMessage(event);
    if (!message) return false;
    const body = JSON.stringify(message.body);
    this.db.transaction(() => {
      this.insert.run(randomUUID(), message.routingKey, event.at, String(message.body.type), body);
      this.dropped += this.trim.run(Math.max(1, this.limit)).changes;
    })();
    return true;
  }

  /** The next waiting messages after `afterId`, oldest first. */
  next(afterId = 0, max = 100): OutboxMessage[] {
    return this.nextRows.all(afterId, max) as OutboxMessage[];
  }

  /** Removes a message the broker confirmed. */
  sent(id: number) { this.remove.run(id); }

  get length(): number { return (this.count.get() as { n: number }).n; }
}
