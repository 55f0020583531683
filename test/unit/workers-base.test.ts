/** Pure parts of the base worker: retry plan, variable typing, unknown-topic message, health word. */
import { describe, expect, it } from 'vitest';
import { retryPlan, unknownTopicMessage } from '../../workers/base';
import { success } from '../../workers/handler';
import { MAX_STRING_VARIABLE, toTypedValue } from '../../common/variables';

describe('retryPlan', () => {
  const config = { defaultRetries: 3, retryBaseMs: 1000 };
  it('counts down from defaultRetries with a doubling timeout', () => {
    expect(retryPlan(null, config)).toEqual({ retries: 2, retryTimeout: 1000 });
    expect(retryPlan(2, config)).toEqual({ retries: 1, retryTimeout: 2000 });
    expect(retryPlan(1, config)).toEqual({ retries: 0, retryTimeout: 0 });
  });
  it('honours a handler override (0 = incident now)', () => {
    expect(retryPlan(null, config, 0)).toEqual({ retries: 0, retryTimeout: 0 });
  });
});

describe('toTypedValue', () => {
  it('maps JS values to Camunda types; objects as Json', () => {
    expect(toTypedValue('a')).toEqual({ type: 'String', value: 'a' });
    expect(toTypedValue(3)).toEqual({ type: 'Integer', value: 3 });
    expect(toTypedValue(2 ** 40)).toEqual({ type: 'Long', value: 2 ** 40 });
    expect(toTypedValue(1.5)).toEqual({ type: 'Double', value: 1.5 });
    expect(toTypedValue(true)).toEqual({ type: 'Boolean', value: true });
    expect(toTypedValue(null)).toEqual({ type: 'Null', value: null });
    expect(toTypedValue({ a: [1] })).toEqual({ type: 'Json', value: '{"a":[1]}' });
  });
  it('strings too long for the engine column travel as Json', () => {
    const long = 'x'.repeat(MAX_STRING_VARIABLE + 1);
    expect(toTypedValue(long)).toEqual({ type: 'Json', value: JSON.stringify(long) });
  });
});

describe('unknownTopicMessage', () => {
  it('lists the known topics', () => {
    const kind = { kind: 'generic', tags: [], handlers: { http_request: async () => success(), email_send: async () => success() } };
    expect(unknownTopicMessage('nope', kind)).toBe('Unknown topic "nope": the generic worker handles http_request, email_send');
  });
});

