/** Stop while Ollama has not begun to answer (it queues requests while it serves others): the answer ends at
 * once, stopped, instead of when Ollama gets to it. An HTTP server of the test's own on loopback holds the request. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { OllamaProvider } from '../../common/ai-providers';

it('a request Ollama holds ends at once on Stop, as a stopped answer', async () => {
  const held: (() => void)[] = [];
  const server = createServer((_req, res) => { held.push(() => res.destroy()); }); // accepts, never answers
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const controller = new AbortController();
    const answer = new OllamaProvider(url, 'smollm2:135m').complete({ messages: [{ role: 'user', content: 'hi' }], signal: controller.signal });
    await new Promise<void>((ok) => { const t = setInterval(() => { if (held.length) { clearInterval(t); ok(); } }, 10); }); // the request is there
    controller.abort();
    expect(await answer).toMatchObject({ text: '', stopped: true });
  } finally {
    held.forEach((end) => end());
    server.close();
  }
});
