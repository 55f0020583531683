/**
 * Ollama: attach to one that already answers on the configured URL, else start the bundled (or
 * installed) binary on 127.0.0.1 and a free port with its models in the data dir. Either way the
 * default model is created from the bundled GGUF, so the first AI query works offline.
 * Ready = the default model is listed.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Supervisor } from './supervisor';
import { freePort } from './ports';
import { ensureDir, onPath, resourcePaths } from './paths';
import { DEFAULT_MODEL, DEFAULTS } from '../../common/settings';


/** The binary to run: bundled resources/ollama/<platform>, else `ollama` on PATH. */
export function findOllamaBinary(): string | undefined {
  const bundled = resourcePaths().ollamaBin;
  return existsSync(bundled) ? bundled : onPath('ollama');
}

export async function ollamaVersion(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/api/version`, { signal: AbortSignal.timeout(1500) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { version?: string };
    return typeof body.version === 'string' ? body.version : undefined;
  } catch { return undefined; }
}

export async function listModels(url: string): Promise<string[]> {
  const res = await fetch(`${url}/api/tags`, { signal: AbortSignal.timeout(3000) });
  if (!res.ok) throw new Error(`Ollama /api/tags answered ${res.status}`);
  const body = (await res.json()) as { models: { name: string }[] };
  return body.models.map((m) => m.name);
}

let ggufDigest: Promise<string> | undefined;
function sha256(file: string) {
  ggufDigest ??= (async () => {
    const hash = createHash('sha256');
    await eachChunk(file, (chunk) => { hash.update(chunk); });
    return hash.digest('hex');
  })();
  return ggufDigest;
}

/**
 * The file's contents in order, through one reused 1 MB buffer: `each` is awaited before the next
 * read. The model is 94 MB: read in fresh chunks (fs streams, fetch with a stream body, which also
 * reads ahead of the socket) it left ~40–100 MB resident in the kernel after the upload.
 */
async function eachChunk(file: string, each: (chunk: Buffer) => void | Promise<void>) {
  const fh = await open(file);
  try {
    const buf = Buffer.allocUnsafeSlow(1 << 20);
    for (let n; (n = (await fh.read(buf, 0, buf.length)).bytesRead) > 0;) await each(buf.subarray(0, n));
  } finally { await fh.close(); }
}

/** POSTs a file with node:http, each chunk written (its callback called) before the buffer is reused. */
async function uploadFile(target: string, file: string): Promise<void> {
  const req = (target.startsWith('https:') ? httpsRequest : httpRequest)(target, { method: 'POST', headers: { 'content-length': String(statSync(file).size) } });
  const answer = new Promise<void>((resolve, reject) => {
    req.on('error', reject).on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('error', reject).on('end', () => {
        if (res.statusCode! >= 200 && res.statusCode! < 300) resolve();
        else reject(new Error(`uploading the model to Ollama failed: ${res.statusCode} ${text}`));
      });
    });
  });
  answer.catch(() => { /* awaited below */ });
  try {
    await eachChunk(file, (chunk) => new Promise((ok, fail) => { req.write(chunk, (err) => (err ? fail(err) : ok())); }));
    req.end();
  } catch (err) {
    req.destroy(err as Error);
  }
  await answer;
}

/** Uploads the GGUF as a blob (if the server lacks it) and creates the model from it. */
export async function createModelFromGguf(url: string, model: string, gguf: string) {
  if (!existsSync(gguf)) throw new Error(`the default model file is missing at ${gguf}: run \`procos resources\``);
  const digest = `sha256:${await sha256(gguf)}`;
  const head = await fetch(`${url}/api/blobs/${digest}`, { method: 'HEAD' });
  if (head.status !== 200) {
    await uploadFile(`${url}/api/blobs/${digest}`, gguf);
  }
  const res = await fetch(`${url}/api/create`, {
    method: 'POST',
    body: JSON.stringify({ model, files: { 'model.gguf': digest }, stream: false }),
  });
  if (!res.ok) throw new Error(`creating model ${model} failed: ${res.status} ${await res.text()}`);
}

export class OllamaService {
  url: string;
  /** true when another Ollama answered on the configured URL and we use it */
  attached = false;
  version?: string;
  readonly supervisor: Supervisor;
  private port?: number;

  constructor(private dataDir: string, private configuredUrl: string = DEFAULTS.ollamaUrl, readonly model: string = DEFAULT_MODEL) {
    this.url = configuredUrl;
    this.supervisor = new Supervisor({
      name: 'ollama',
      prepare: () => this.prepare(),
      probe: async () => (this.version = await ollamaVersion(this.url)) !== undefined,
      afterReady: () => this.ensureModel(),
      readyTimeoutMs: 120_000,
      readyDetail: () => `${this.attached ? 'attached to' : 'serving at'} ${this.url}; model ${this.model} listed`,
      port: () => Number(new URL(this.url).port) || undefined,
      url: () => this.url,
      version: () => this.version && `Ollama ${this.version}${this.attached ? ' (attached)' : ''}, model ${this.model}`,
    });
  }

  /** Attach if an Ollama answers on the configured URL; returns whether it did. */
  private async tryAttach(): Promise<boolean> {
    this.version = await ollamaVersion(this.configuredUrl);
    if (!this.version) return false;
    this.attached = true;
    this.url = this.configuredUrl;
    return true;
  }

  private async prepare() {
    // attach when one answers on the configured URL (again after a crash of ours or of theirs)
    this.attached = false;
    if (await this.tryAttach()) return null;
    const bin = findOllamaBinary();
    if (!bin) throw new Error('the Ollama binary was not found: run `procos resources` (or install ollama on PATH)');
    const preferred = Number(new URL(this.configuredUrl).port) || 11434;
    this.port = await freePort(this.port ?? preferred);
    this.url = `http://127.0.0.1:${this.port}`;
    return {
      command: bin,
      args: ['serve'],
      env: {
        ...process.env,
        OLLAMA_HOST: `127.0.0.1:${this.port}`,
        OLLAMA_MODELS: ensureDir(join(this.dataDir, 'models')),
        OLLAMA_KEEP_ALIVE: process.env.OLLAMA_KEEP_ALIVE ?? '30m',
        OLLAMA_NOPRUNE: '1',
      },
    };
  }

  async ensureModel() {
    const names = await listModels(this.url);
    if (!names.includes(this.model)) {
      // only the bundled model comes with ProcOS; another one is the user's to get
      if (this.model !== DEFAULT_MODEL) throw new Error(`model ${this.model} (ollama.model) is not in this Ollama: get it with \`procos models pull ${this.model}\``);
      await createModelFromGguf(this.url, this.model, resourcePaths().modelGguf);
    }
    const after = await listModels(this.url);
    if (!after.includes(this.model)) throw new Error(`model ${this.model} is not listed after creating it`);
  }
}
