/** Server-sent events from a fetch body (common/sse.ts), fed in awkward pieces as a network delivers them. */
import { describe, expect, it } from 'vitest';
import { serverSentEvents } from '../../common/sse';

function body(pieces: string[], onCancel?: () => void): ReadableStream<Uint8Array> {
  const bytes = pieces.map((p) => new TextEncoder().encode(p));
  return new ReadableStream({
    pull(controller) { const next = bytes.shift(); if (next) controller.enqueue(next); else controller.close(); },
    cancel() { onCancel?.(); },
  });
}

async function all(stream: ReadableStream<Uint8Array>) {
  const events = [];
  for await (const e of serverSentEvents(stream)) events.push({ event: e.event, data: e.data });
  return events;
}

describe('serverSentEvents', () => {
  it('joins events split across chunks, multi-line data, CRLF, and a character cut in two', async () => {
    const text = (t: string) => new TextEncoder().encode(t);
    const euro = text('€');
    const pieces = [text('data: {"a":'), text('1}\n\nevent: token\ndata: line one\r\ndata: line two\r\n\r\n: a comment\n\n'),
      new Uint8Array([...text('data: '), euro[0]]), new Uint8Array([euro[1], euro[2], 10, 10])];
    const stream = new ReadableStream<Uint8Array>({ start(controller) { pieces.forEach((p) => controller.enqueue(p)); controller.close(); } });
    expect(await all(stream)).toEqual([
      { event: undefined, data: '{"a":1}' },
      { event: 'token', data: 'line one\nline two' },
      { event: undefined, data: '€' },
    ]);
  });

  it('keeps an event the end of the stream cut off', async () => {
    expect(await all(body(['data: [DONE]']))).toEqual([{ event: undefined, data: '[DONE]' }]);
  });

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false;
    for await (const e of serverSentEvents(body(['data: 1\n\ndata: 2\n\n', 'data: 3\n\n'], () => { cancelled = true; }))) {
      if (e.data === '1') break;
    }
    expect(cancelled).toBe(true);
  });
});
