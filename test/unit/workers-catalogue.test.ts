/**
 * The topic catalogue (common/topics.ts) against the handlers the worker kinds really load: each kind
 * has a handler for every topic the catalogue gives it and for no other, and `procos worker` serves
 * them all. The same rule holds at compile time (workers/handler.ts): the two kinds below, one missing
 * a handler and one with a handler for a topic that does not exist, fail `npm run typecheck` should
 * the typing ever let them through.
 */
import { describe, expect, it } from 'vitest';
import { TOPICS, topicNames, WORKER_KINDS } from '../../common/topics';
import { success, type Handler, type WorkerKind } from '../../workers/handler';
import { loadWorkerKind } from '../../workers/kinds';
import { allHandlers } from '../../workers/standalone';

const handler: Handler = async () => success();
// @ts-expect-error the generic kind without a handler for email_send
const missing: WorkerKind<'generic'> = { kind: 'generic', tags: [], handlers: { http_request: handler, input_validation: handler, slack_post: handler } };
const extra: WorkerKind<'system'> = {
  kind: 'system', tags: [],
  // @ts-expect-error a handler for a topic the catalogue does not have
  handlers: { system_health_check: handler, no_such_topic: handler },
};

describe('the topic catalogue and the handlers', () => {
  it.each(WORKER_KINDS)('the %s worker loads one handler for each of its topics, and none for another', async (name) => {
    const kind = await loadWorkerKind(name);
    expect(kind.kind).toBe(name);
    expect(Object.keys(kind.handlers).sort()).toEqual(topicNames(name).sort());
    for (const h of Object.values(kind.handlers)) expect(h).toBeTypeOf('function');
  });

  it('every topic belongs to a kind the workers run, and procos worker serves every topic', async () => {
    expect(TOPICS.filter((t) => !WORKER_KINDS.includes(t.kind)).map((t) => t.name)).toEqual([]);
    expect(Object.keys((await allHandlers()).handlers).sort()).toEqual(TOPICS.map((t) => t.name).sort());
  });

  it('the kinds that must not compile are what they say: one handler short, one too many', () => {
    expect(topicNames('generic').filter((t) => !(t in missing.handlers))).toEqual(['email_send']);
    expect(Object.keys(extra.handlers).filter((t) => !topicNames('system').includes(t))).toEqual(['no_such_topic']);
  });

  it('an unknown kind is refused, naming the known ones', () => {
    expect(() => loadWorkerKind('mail')).toThrow('unknown worker kind "mail"; known kinds: system, generic, ai');
  });
});
