/** The API contract (common/contract.ts) implemented on the kernel: inputs arrive checked
 * (main/api/dispatch.ts); each method is a thin call into the kernel's parts. */
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiError, type ProcosApi } from '../../common/contract';
import { backupDataDir } from './backup';
import { restoreBackup } from './restore';
import { askOllama, cancelAsk, modelList } from './ai';
import { copilot } from './copilot';
import type { Kernel } from './index';
import { listModels } from './ollama';
import { canonicalModel, deleteModel, modelsInUse, pullModel } from './models';

export function createApi(k: Kernel): ProcosApi {
  const assistant = copilot(k);
  const started = (id: string, key: string) => k.publish({ type: 'instance', id, key, state: 'started', at: Date.now() });
  return {
    status: async () => k.status(),
    logs: async ({ name }) => k.components.get(name).logs(),
    restartComponent: async ({ name }) => {
      await k.components.get(name).restart().catch(() => undefined); // the component's state says why it failed
      return k.status();
    },
    workers: async (q) => (q.name || q.tags?.length ? k.pool.discover(q) : k.pool.list()),

    deploy: async (input) => {
      const result = await k.deployer.deploy(input);
      await k.processes.deployed(result, input.files.map((f) => f.name));
      return result;
    },
    definitions: () => k.monitor.definitions(),
    definitionXml: ({ id }) => k.monitor.definitionXml(id),
    startInstance: async (input) => {
      const { id } = await k.monitor.start(input);
      started(id, input.key);
      return { id };
    },
    run: (input, call) => k.monitor.run(input, (id) => started(id, input.key), call?.signal),
    instances: (q) => k.monitor.instances(q),
    instance: ({ id }) => k.monitor.instance(id),
    retryIncident: ({ id }) => k.retryIncident(id),
    setVariables: (input) => k.monitor.setVariables(input),
    activityStatistics: ({ id }) => k.monitor.activityStatistics(id),
    cancelInstance: async ({ id }) => { await k.monitor.cancel(id); },

    tasks: (q) => k.tasks.list(q),
    task: ({ id }) => k.tasks.get(id),
    claimTask: ({ id }) => k.tasks.claim(id),
    unclaimTask: ({ id }) => k.tasks.unclaim(id),
    completeTask: ({ id, variables }) => k.tasks.complete(id, variables),

    ask: async (input, call) => {
      const result = await askOllama(k.ollamaTarget(), input, (e) => k.publish(e), call?.signal);
      k.keep('the AI history', () => k.store.addAiHistory({
        question: input.question, answer: result.answer, model: result.model, durationMs: result.durationMs, conversationId: input.conversationId,
        provider: result.provider, completionTokens: result.completionTokens, stopped: result.stopped,
      }, k.config().aiHistoryLimit));
      return result;
    },
    models: () => listModels(k.ollama.url),
    cancelAsk: async ({ requestId }) => cancelAsk(requestId) || assistant.cancel(requestId),
    draft: (input) => assistant.draft(input),
    explain: (input) => assistant.explain(input),
    modelList: async () => (await modelList(k.ollama.url))
      .map((m) => (canonicalModel(m.name) === canonicalModel(k.ollama.model) ? { ...m, default: true } : m)),
    aiHistory: async () => k.store.aiHistory(),
    forgetConversation: async ({ conversationId }) => k.store.forgetConversation(conversationId),
    pullModel: ({ name }) => pullModel(k.ollama.url, name, (e) => k.publish(e)),
    deleteModel: ({ name }) => deleteModel(k.ollama.url, name, modelsInUse(k.ollama.model, k.config().topicModels)),

    settings: async () => k.store.settings(),
    updateSettings: (patch) => k.updateSettings(patch),

    backup: ({ file }) => backupDataDir(k, file),
    restore: async ({ file, dataDir, force }) => {
      if (sameDir(dataDir, k.home)) throw new ApiError(`ProcOS is running on ${k.home}: quit it, then run \`procos restore FILE --force\` there`, 409);
      return restoreBackup(file, dataDir, { force });
    },
  };
}

const sameDir = (a: string, b: string) => (existsSync(a) && existsSync(b) ? realpathSync(a) === realpathSync(b) : resolve(a) === resolve(b));
