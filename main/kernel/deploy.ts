/**
 * Deploy = validate every file with bpmn-moddle (well-formed XML, a BPMN document, at least one
 * executable process, references resolve) and every Camunda Form (`.form`: what form-js can read, with an
 * id), check that each user task's `camunda:formRef` names a form deployed with it or before, then deploy
 * all of them in ONE engine deployment with duplicate filtering on — so a batch either lands whole or not
 * at all — leaving out every BPMN file that is already deployed as it is (it makes no new version; the
 * result marks its processes `unchanged`). At boot every file in processes/ is deployed this way.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ApiError, type DeployError, type DeployInput, type DeployResult, type DeployWarning } from '../../common/contract';
import { readFormSchema } from '../../common/form-schema';
import type { CamundaRest } from './camunda-rest';

interface ParsedFile { name: string; xml: string; processKeys: string[]; topics: TopicUse[]; formRefs: FormRefUse[]; formId?: string }

/** An external task in a diagram: the element that names the topic. */
interface TopicUse { topic: string; element: string }
/** A user task's reference to a Camunda Form (camunda:formRef), with its binding. */
interface FormRefUse { form: string; element: string; name?: string; binding: string }

const position = (message: string) => {
  const line = /line: (\d+)/.exec(message);
  return line ? Number(line[1]) + 1 : undefined; // the parser counts from 0
};
const firstLine = (message: string) => message.split('\n')[0];

/** Validates one file; returns the executable process keys, or the problems found. */
export async function validateBpmn(name: string, xml: string): Promise<{ keys: string[]; errors: DeployError[]; topics: TopicUse[]; formRefs: FormRefUse[] }> {
  const none = { keys: [], topics: [], formRefs: [] };
  if (!/\.(bpmn|bpmn20\.xml|xml)$/i.test(name)) {
    return { ...none, errors: [{ file: name, message: `${name} is not a BPMN file or a Camunda Form (expected a .bpmn or .form file)` }] };
  }
  if (!xml.trim()) return { ...none, errors: [{ file: name, message: `${name} is empty` }] };
  const moddle = new BpmnModdle();
  let parsed;
  try {
    parsed = await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (err) {
    const message = (err as Error).message;
    const line = position(message);
    const nested = /nested error: (.*)/.exec(message)?.[1];
    if (/failed to parse document as <bpmn:Definitions>/.test(message)) {
      const root = /<([\w:-]+)[\s>]/.exec(xml.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, ''))?.[1];
      return { ...none, errors: [{ file: name, element: root, message: `${name} is XML but not BPMN: the root element is <${root ?? '?'}>, expected <bpmn:definitions> in the BPMN 2.0 namespace` }] };
    }
    return { ...none, errors: [{ file: name, line, message: `${name} is not well-formed XML${line ? ` (line ${line})` : ''}: ${nested ?? firstLine(message)}` }] };
  }
  const errors: DeployError[] = parsed.warnings.map((w: { message: string; element?: { id?: string } }) => ({
    file: name, line: position(w.message), element: w.element?.id,
    message: `${name}: ${firstLine(w.message)}${position(w.message) ? ` (line ${position(w.message)})` : ''}`,
  }));
  const processes = (parsed.rootElement.rootElements ?? []).filter((e: { $type: string }) => e.$type === 'bpmn:Process');
  const keys = processes.filter((p: { isExecutable?: boolean }) => p.isExecutable).map((p: { id: string }) => p.id);
  if (!keys.length) {
    errors.push({
      file: name, element: processes[0]?.id,
      message: processes.length
        ? `${name} has no executable process: set isExecutable="true" on process "${processes[0].id}" (in Camunda Modeler: "Executable" in the process properties)`
        : `${name} contains no process`,
    });
  }
  return { keys, errors, ...camundaUses(parsed.rootElement) };
}

/** Every `camunda:topic` of an external task (service, send, business-rule task, message event) and
 * every `camunda:formRef` of a user task, found anywhere in the document, with the element's id. */
function camundaUses(root: unknown): { topics: TopicUse[]; formRefs: FormRefUse[] } {
  const found: TopicUse[] = [];
  const formRefs: FormRefUse[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const el = node as { $attrs?: Record<string, string>; id?: string; name?: string; $parent?: unknown };
    const topic = el.$attrs?.['camunda:topic'];
    if (topic && el.$attrs?.['camunda:type'] === 'external') found.push({ topic, element: el.id ?? '?' });
    const form = el.$attrs?.['camunda:formRef'];
    if (form) formRefs.push({ form, element: el.id ?? '?', name: el.name, binding: el.$attrs?.['camunda:formRefBinding'] ?? 'latest' });
    for (const [key, value] of Object.entries(node)) {
      if (key === '$parent' || key === '$descriptor' || key === '$model') continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && '$type' in value) visit(value);
    }
  };
  visit(root);
  return { topics: found, formRefs };
}

interface EngineParseDetails { [resource: string]: { errors?: { message: string; line?: number; mainElementId?: string }[] } }

export class Deployer {
  /**
   * servedTopics: the topics the connected workers serve right now;
   * deployedForms: the ids of the Camunda Forms the engine has (asked only for a formRef not deployed along)
   */
  constructor(private rest: CamundaRest, private servedTopics: () => string[] = () => [],
    private deployedForms: () => Promise<Set<string>> = async () => new Set()) {}

  async deploy(input: DeployInput, source = 'procos'): Promise<DeployResult> {
    const parsed: ParsedFile[] = [];
    const errors: DeployError[] = [];
    const names = new Set<string>();
    for (const file of input.files) {
      const name = basename(file.name);
      if (names.has(name)) { errors.push({ file: name, message: `${name} is given twice` }); continue; }
      names.add(name);
      if (/\.form$/i.test(name)) {
        const form = readFormSchema(name, file.xml);
        errors.push(...form.problems.map((message) => ({ file: name, message })));
        parsed.push({ name, xml: file.xml, processKeys: [], topics: [], formRefs: [], formId: form.id });
        continue;
      }
      const result = await validateBpmn(name, file.xml);
      errors.push(...result.errors);
      parsed.push({ name, xml: file.xml, processKeys: result.keys, topics: result.topics, formRefs: result.formRefs });
    }
    if (!errors.length) errors.push(...await this.missingForms(parsed));
    if (errors.length) return { ok: false, processes: [], errors, warnings: [] };
    // a form bound to "deployment" must be in the diagram's deployment even when it did not change
    const changedOnly = !parsed.some((f) => f.formRefs.some((r) => r.binding === 'deployment'));

    // a form bound to "deployment" goes with its diagram, changed or not: then nothing is left out
    const changed = changedOnly ? await this.changedFiles(parsed) : parsed;
    const unchanged = parsed.filter((f) => !changed.includes(f));
    let deploymentId: string | undefined;
    if (changed.length) {
      const form = new FormData();
      form.append('deployment-name', changed.length === 1 ? changed[0].name : `${changed.length} files`);
      form.append('deployment-source', source);
      form.append('enable-duplicate-filtering', 'true');
      form.append('deploy-changed-only', String(changedOnly));
      for (const f of changed) form.append(f.name, new Blob([f.xml], { type: 'application/octet-stream' }), f.name);
      try {
        deploymentId = (await this.rest.post<{ id: string }>('/deployment/create', form)).id;
      } catch (err) {
        return { ok: false, processes: [], errors: engineErrors(err), warnings: [] };
      }
    }
    const processes = [];
    for (const f of parsed) {
      for (const key of f.processKeys) {
        const [def] = await this.rest.get<{ id: string; key: string; version: number; name?: string; deploymentId: string }[]>(
          `/process-definition?key=${encodeURIComponent(key)}&latestVersion=true`);
        if (!def) continue;
        deploymentId ??= def.deploymentId; // nothing new: the deployment that holds it, as the engine's filter answers
        processes.push({ key: def.key, version: def.version, id: def.id, name: def.name ?? undefined, ...(unchanged.includes(f) ? { unchanged: true } : {}) });
      }
    }
    return { ok: true, deploymentId, processes, errors: [], warnings: this.unservedTopics(parsed) };
  }

  /**
   * The files that differ from what the engine runs: a BPMN file whose every process is, byte for byte,
   * the newest version deployed (whatever deployment brought it: a drop, the boot's batch, the editor)
   * makes no new version — Camunda's duplicate filtering compares only deployments of the same name.
   * A form has no process to compare: the engine's filter judges it.
   */
  private async changedFiles(files: ParsedFile[]): Promise<ParsedFile[]> {
    const same = await Promise.all(files.map(async (f) => {
      const deployed = await Promise.all(f.processKeys.map((key) =>
        this.rest.get<{ bpmn20Xml: string }>(`/process-definition/key/${encodeURIComponent(key)}/xml`).then((d) => d.bpmn20Xml, () => undefined)));
      return deployed.length > 0 && deployed.every((xml) => xml === f.xml);
    }));
    return files.filter((_, i) => !same[i]);
  }

  /** The newest version of every deployed process, by key. */
  async latestVersions(): Promise<{ key: string; version: number }[]> {
    return this.rest.get<{ key: string; version: number }[]>('/process-definition?latestVersion=true&sortBy=key&sortOrder=asc');
  }

  /** A user task's formRef that names no form of this batch nor of the engine: the task could never show it. */
  private async missingForms(files: ParsedFile[]): Promise<DeployError[]> {
    const inBatch = new Map(files.filter((f) => f.formId).map((f) => [f.formId!, f.name]));
    const errors: DeployError[] = [];
    for (const f of files) {
      if (f.formId && [...inBatch].some(([id, name]) => id === f.formId && name !== f.name)) {
        errors.push({ file: f.name, message: `${f.name}: form id "${f.formId}" is also the id of ${inBatch.get(f.formId)}; each form needs its own id` });
      }
    }
    const refs = files.flatMap((f) => f.formRefs.filter((r) => !inBatch.has(r.form)).map((r) => ({ ...r, file: f.name })));
    if (!refs.length) return errors;
    const deployed = refs.some((r) => r.binding !== 'deployment') ? await this.deployedForms() : new Set<string>();
    for (const r of refs) {
      const task = `user task ${r.name ? `"${r.name}" ` : ''}(element ${r.element})`;
      if (r.binding === 'deployment') {
        errors.push({ file: r.file, element: r.element, message: `${r.file}: ${task} uses form "${r.form}" bound to its deployment, so ${r.form}'s .form file must be deployed with it` });
      } else if (!deployed.has(r.form)) {
        errors.push({ file: r.file, element: r.element, message: `${r.file}: ${task} refers to form "${r.form}" (camunda:formRef), which is not deployed: deploy its .form file with the diagram, e.g. \`procos deploy ${r.file} ${r.form}.form\`` });
      }
    }
    return errors;
  }

  /** A task on a topic no worker serves would wait forever without a word: say so at deploy time. */
  private unservedTopics(files: ParsedFile[]): DeployWarning[] {
    const served = [...new Set(this.servedTopics())].sort();
    return files.flatMap((f) => f.topics.filter((t) => !served.includes(t.topic)).map((t) => ({
      file: f.name, element: t.element, topic: t.topic,
      message: `${f.name}: no connected worker serves topic "${t.topic}" (element ${t.element}); its tasks will wait until a worker for it connects (e.g. \`procos worker --topics ${t.topic}\`). Served topics: ${served.join(', ') || 'none'}`,
    })));
  }

  /** Boot: deploy every BPMN file shipped in processes/. */
  async deployDirectory(dir: string): Promise<DeployResult> {
    const files = readdirSync(dir).filter((f) => f.endsWith('.bpmn') || f.endsWith('.form')).sort()
      .map((f) => ({ name: f, xml: readFileSync(join(dir, f), 'utf8') }));
    if (!files.length) return { ok: true, processes: [], errors: [], warnings: [] };
    return this.deploy({ files }, 'procos-boot');
  }
}

function engineErrors(err: unknown): DeployError[] {
  const details = (err instanceof ApiError ? err.details : undefined) as EngineParseDetails | undefined;
  const found = Object.entries(details ?? {}).flatMap(([file, d]) =>
    (d.errors ?? []).map((e) => ({ file, line: e.line, element: e.mainElementId, message: `${file}: ${e.message}` })));
  return found.length ? found : [{ message: (err as Error).message }];
}
