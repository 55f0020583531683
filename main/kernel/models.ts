/**
 * Getting and removing Ollama models (the AI panel's Models section, `procos models`): a pull streams
 * its progress as `model-pull` events and ends with the model as listed; a delete refuses the models
 * ProcOS relies on. Errors say what to do: offline, unknown name, no such model.
 */
import { Ollama } from 'ollama';
import { ApiError, type KernelEvent, type ModelInfo } from '../../common/contract';
import { modelList } from './ai';

/** Progress events at most this often (a download reports every few KB); status changes always go. */
const PROGRESS_EVERY_MS = 250;

/** Ollama's own spelling: a name without a tag means `:latest`. */
export const canonicalModel = (name: string) => (name.includes(':') ? name : `${name}:latest`);

/** Network failures as Go (Ollama) words them: the registry cannot be reached from here. */
const OFFLINE = /no such host|dial tcp|network is unreachable|connection refused|i\/o timeout|TLS handshake timeout|context deadline exceeded|server misbehaving|temporary failure in name resolution|connection reset/i;

type ProgressEvent = Omit<Extract<KernelEvent, { type: 'model-pull' }>, 'type' | 'name' | 'at'>;

/** Downloads `name` from Ollama's registry into the Ollama at `url`; resolves with the model as listed. */
export async function pullModel(url: string, name: string, emit: (e: KernelEvent) => void): Promise<ModelInfo> {
  const send = (p: ProgressEvent) => emit({ type: 'model-pull', name, ...p, at: Date.now() });
  let lastStatus = '';
  let lastSent = 0;
  try {
    send({ status: 'starting' });
    const stream = await new Ollama({ host: url }).pull({ model: name, stream: true });
    for await (const part of stream) {
      const now = Date.now();
      if (part.status === lastStatus && now - lastSent < PROGRESS_EVERY_MS) continue;
      lastStatus = part.status;
      lastSent = now;
      send({ status: part.status, completed: part.completed || undefined, total: part.total || undefined });
    }
  } catch (err) {
    const error = pullError(url, name, err);
    send({ status: 'failed', done: true, error: error.message });
    throw error;
  }
  const model = (await modelList(url)).find((m) => canonicalModel(m.name) === canonicalModel(name));
  if (!model) {
    const error = new ApiError(`could not pull ${name}: Ollama said it succeeded, but the model is not listed`, 502);
    send({ status: 'failed', done: true, error: error.message });
    throw error;
  }
  send({ status: 'success', done: true, completed: model.size, total: model.size });
  return model;
}

/** What a failed pull means for the person who asked, with Ollama's own words as the detail. */
function pullError(url: string, name: string, err: unknown): ApiError {
  const e = err as Error & { status_code?: number; cause?: Error };
  const detail = e.cause?.message ?? e.message;
  if (e.name === 'TypeError' || /fetch failed|ECONNREFUSED/.test(detail)) {
    return new ApiError(`could not pull ${name}: Ollama is not reachable at ${url} (${detail})`, 503);
  }
  if (OFFLINE.test(detail)) {
    return new ApiError(`could not pull ${name}: Ollama cannot reach its model registry — you seem to be offline (${detail})`, 502);
  }
  if (/file does not exist|not found|manifest unknown/i.test(detail)) {
    return new ApiError(`could not pull ${name}: the registry has no model of that name — check the spelling against the names in Ollama's library (${detail})`, 404);
  }
  const status = e.status_code && e.status_code < 500 ? 400 : 502;
  return new ApiError(`could not pull ${name}: ${detail}`, status);
}

/**
 * Removes `name` from the Ollama at `url`. Refused (409) for the models ProcOS relies on:
 * `inUse` maps each such model to why (the default, a topic's default). The default model is kept
 * because every AI task and question without a model of its own falls back to it, and Ollama counts
 * as ready only while it is listed: deleting it would break the AI until the next start re-creates
 * it. A topic's default must be changed in the settings first, or that topic's tasks would fail.
 */
export async function deleteModel(url: string, name: string, inUse: Map<string, string>): Promise<void> {
  const reason = inUse.get(canonicalModel(name));
  if (reason) throw new ApiError(`${name} is not deleted: ${reason}`, 409);
  try {
    await new Ollama({ host: url }).delete({ model: name });
  } catch (err) {
    const e = err as Error & { status_code?: number; cause?: Error };
    if (e.status_code === 404) throw new ApiError(`there is no model ${name} to delete (see the list of models)`, 404);
    const detail = e.cause?.message ?? e.message;
    if (e.name === 'TypeError') throw new ApiError(`could not delete ${name}: Ollama is not reachable at ${url} (${detail})`, 503);
    throw new ApiError(`could not delete ${name}: ${detail}`, e.status_code && e.status_code < 500 ? 400 : 502);
  }
}

/** The models a delete must leave alone, each with the reason (see deleteModel). */
export function modelsInUse(defaultModel: string, topicModels: Record<string, string>): Map<string, string> {
  const inUse = new Map<string, string>();
  for (const [topic, model] of Object.entries(topicModels)) {
    inUse.set(canonicalModel(model), `it is the default model of the AI topic ${topic}; choose another one for ${topic} first`);
  }
  inUse.set(canonicalModel(defaultModel), 'it is the model ProcOS falls back to: every AI task and question without a model of its own uses it');
  return inUse;
}
