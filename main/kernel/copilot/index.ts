/**
 * The copilot on the kernel: `draft` and `explain` for the API, each stoppable by its requestId
 * (the API's cancelAsk reaches them too), and the engine's own parse of a draft: deployed under a
 * throw-away process key and removed at once, so nothing of it stays in the engine.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, type DraftInput, type DraftResult, type ExplainInput, type ExplainResult } from '../../../common/contract';
import type { Kernel } from '../index';
import { draftProcess } from './draft';
import { explainProcess } from './explain';
import { CanceledError } from './model';
import type { Finding } from './plan';

interface EngineParseDetails { [resource: string]: { errors?: { message: string; mainElementId?: string }[] } }

export function copilot(k: Kernel) {
  const running = new Map<string, AbortController>();

  async function stoppable<T>(requestId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (running.has(requestId)) throw new ApiError(`a request with requestId ${requestId} is running already`, 409);
    const controller = new AbortController();
    running.set(requestId, controller);
    try {
      return await work(controller.signal);
    } catch (err) {
      if (err instanceof CanceledError) throw new ApiError('stopped on request: no draft was made', 409);
      if (err instanceof ApiError) throw err;
      throw new ApiError((err as Error).message, 502);
    } finally {
      running.delete(requestId);
    }
  }

  /** The engine parses the draft (a deployment under a throw-away key, deleted at once). */
  async function engineCheck(xml: string, processId: string): Promise<Finding[]> {
    const key = `procos_draft_check_${randomUUID().slice(0, 8)}`;
    const renamed = xml.replace(`<bpmn:process id="${processId}"`, `<bpmn:process id="${key}"`).replace(`bpmnElement="${processId}"`, `bpmnElement="${key}"`);
    const form = new FormData();
    form.append('deployment-name', `${key}.bpmn`);
    form.append('deployment-source', 'procos-copilot-check');
    form.append(`${key}.bpmn`, new Blob([renamed], { type: 'application/octet-stream' }), `${key}.bpmn`);
    let deployment: { id: string };
    try {
      deployment = await k.rest.post<{ id: string }>('/deployment/create', form);
    } catch (err) {
      const details = (err instanceof ApiError ? err.details : undefined) as EngineParseDetails | undefined;
      if (err instanceof ApiError && err.status === 503) return [{ severity: 'warning', message: `the engine could not check the draft: ${err.message}` }];
      const found = Object.values(details ?? {}).flatMap((d) => d.errors ?? [])
        .map((e): Finding => ({ severity: 'error', element: e.mainElementId === key ? processId : e.mainElementId, message: `engine: ${e.message.replaceAll(key, processId)}` }));
      return found.length ? found : [{ severity: 'error', message: `engine: ${(err as Error).message.replaceAll(key, processId)}` }];
    }
    await k.rest.delete(`/deployment/${deployment.id}?cascade=true`).catch(() => undefined);
    return [];
  }

  const deps = (signal: AbortSignal) => {
    const ollama = k.ollamaTarget();
    return { ollamaUrl: ollama.url, ollamaThreads: ollama.threads, defaultModel: ollama.model, emit: k.publish.bind(k), signal };
  };

  return {
    draft: (input: DraftInput): Promise<DraftResult> => {
      const requestId = input.requestId ?? randomUUID();
      return stoppable(requestId, (signal) => draftProcess({ ...input, requestId }, { ...deps(signal), engineCheck }));
    },
    explain: async (input: ExplainInput): Promise<ExplainResult> => {
      const requestId = input.requestId ?? randomUUID();
      const xml = input.xml?.trim() ? input.xml : await k.monitor.definitionXml(input.definitionId!);
      return stoppable(requestId, (signal) => explainProcess(xml, { model: input.model, requestId }, deps(signal)));
    },
    /** Stops a draft or an explanation; false when none runs under that id. */
    cancel: (requestId: string): boolean => {
      const controller = running.get(requestId);
      controller?.abort();
      return !!controller;
    },
  };
}
