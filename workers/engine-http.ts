/**
 * The workers' HTTP to the engine: node:http through one keep-alive agent. camunda-external-task-client-js
 * sends through got (its public options reach got's options, they cannot replace got), whose machinery
 * costs a few milliseconds of CPU per request on a small machine — CPU the engine beside it lacks.
 * Measured on the 2-core bench machine: an instance of three no-op external tasks served by ProcOS's
 * worker took 89 ms (engine start → end, p50) through got, 61 ms through node:http (docs/benchmarks.md).
 * ProcOS's own external-task loop (base.ts, external-tasks.ts) sends everything through it.
 */
import http from 'node:http';

export interface EngineResponse { statusCode: number; statusMessage: string; body: string }

/** The engine answered with an error (not 2xx): its message, type and the HTTP status. */
export class EngineHttpError extends Error {
  constructor(readonly response: EngineResponse) {
    let detail: { message?: string; type?: string } = {};
    try { detail = JSON.parse(response.body); } catch { /* not JSON: the body is the message */ }
    super(`Response code ${response.statusCode} (${response.statusMessage}); Error: ${detail.message ?? response.body}${detail.type ? `; Type: ${detail.type}` : ''}`);
    this.name = 'EngineError';
  }
}

export interface EngineRequest { json?: unknown; headers?: Record<string, string>; signal?: AbortSignal }

export function engineHttp() {
  const agent = new http.Agent({ keepAlive: true });
  return {
    /** JSON answers parsed; anything else (a file variable, an empty 204) as a Buffer. */
    request(method: string, url: string, { json, headers = {}, signal }: EngineRequest = {}): Promise<unknown> {
      const body = json === undefined ? undefined : JSON.stringify(json);
      const sent = body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      return new Promise((resolve, reject) => {
        const req = http.request(url, { method, agent, signal, headers: sent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const data = Buffer.concat(chunks);
            const statusCode = res.statusCode ?? 0;
            if (statusCode < 200 || statusCode >= 300) {
              // Tomcat sends no reason phrase: name the status ourselves
              const statusMessage = res.statusMessage || http.STATUS_CODES[statusCode] || '';
              reject(new EngineHttpError({ statusCode, statusMessage, body: data.toString('utf8') }));
            } else if (res.headers['content-type']?.startsWith('application/json')) {
              try { resolve(JSON.parse(data.toString('utf8'))); } catch (error) { reject(error); }
            } else {
              resolve(data);
            }
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    /** closes the idle connections (a worker that stopped keeps no socket open) */
    close() { agent.destroy(); },
  };
}
