/** A tiny HTTP server the tests own: the target of `http_request` service tasks. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startHttpServer(port = 0): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, path: req.url }));
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve); });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, close: () => new Promise((r) => server.close(() => r())) };
}

/** A port nothing listens on (taken from the OS, then released). */
export async function closedPort(): Promise<number> {
  const { server, close } = await startHttpServer();
  const port = (server.address() as AddressInfo).port;
  await close();
  return port;
}
