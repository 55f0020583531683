/**
 * Server-sent events read from a fetch body (eventsource-parser does the parsing): the API's event
 * stream in Node (common/http-client.ts) and an OpenAI-compatible endpoint's streamed answer
 * (common/ai-providers.ts). Works in Node 20 and in browsers.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** The events of an SSE body as they arrive; an event the end of the stream cut off still counts.
 * Leaving the loop early cancels the body (the connection closes). */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<EventSourceMessage> {
  const arrived: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => arrived.push(event) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let ended = false;
  try {
    while (!ended) {
      const { value, done } = await reader.read();
      // at the end, a blank line: an event cut off there is dispatched (one that ended properly is not repeated)
      if (done) { ended = true; parser.feed(`${decoder.decode()}\n\n`); } else parser.feed(decoder.decode(value, { stream: true }));
      yield* arrived.splice(0);
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => undefined);
  }
}
