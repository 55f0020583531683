/**
 * Deploy = validate every file with bpmn-moddle (well-formed XML, a BPMN document, at least one
 * executable process, references resolve, within the deploy limits), then deploy all of them in ONE
 * engine deployment with duplicate filtering on — so a batch either lands whole or not at all, and
 * an unchanged file makes no new version. At boot every file in processes/ is deployed this way.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ApiError, DEPLOY_LIMITS, type DeployError, type DeployInput, type DeployResult, type DeployWarning } from '../../common/contract';
import { DEPLOY_DEADLINE_MS, type CamundaRest } from './camunda-rest';
import { aliasUnicodeIds } from './bpmn-ids';

/** Start tags of flow elements (tasks, events, gateways, sub-processes, call activities, flows). */
const FLOW_ELEMENT = /<(?:[\w-]+:)?(?:task|\w*Task|subProcess|adHocSubProcess|transaction|callActivity|\w*Event|\w*Gateway|sequenceFlow)[\s/>]/g;
/** MB with one decimal, rounded up (a file just over the limit does not read as the limit itself) */
const megabytes = (bytes: number) => `${Math.ceil((bytes / 2 ** 20) * 10) / 10} MB`;

interface ParsedFile { name: string; xml: string; processKeys: string[]; topics: TopicUse[] }

/** An external task in a diagram: the element that names the topic. */
interface TopicUse { topic: string; element: string }

const position = (message: string) => {
  const line = /line: (\d+)/.exec(message);
  return line ? Number(line[1]) + 1 : undefined; // the parser counts from 0
};
const firstLine = (message: string) => message.split('\n')[0];

/** A file over a deploy limit, or undefined. */
function overLimit(name: string, xml: string): DeployError | undefined {
  const bytes = Buffer.byteLength(xml);
  if (bytes > DEPLOY_LIMITS.fileBytes) {
    return { file: name, limit: 'fileBytes', message: `${name} is ${megabytes(bytes)}: the limit is ${megabytes(DEPLOY_LIMITS.fileBytes)} per file (split it into called processes)` };
  }
  const elements = xml.match(FLOW_ELEMENT)?.length ?? 0;
  if (elements > DEPLOY_LIMITS.flowElements) {
    return { file: name, limit: 'flowElements', message: `${name} has ${elements} flow elements (tasks, events, gateways, sequence flows): the limit is ${DEPLOY_LIMITS.flowElements} per file (split it into called processes)` };
  }
  return undefined;
}

/** Validates one file; returns the executable process keys, or the problems found. */
export async function validateBpmn(name: string, original: string): Promise<{ keys: string[]; errors: DeployError[]; topics: TopicUse[] }> {
  if (!/\.(bpmn|bpmn20\.xml|xml)$/i.test(name)) {
    return { keys: [], topics: [], errors: [{ file: name, message: `${name} is not a BPMN file (expected a .bpmn file)` }] };
  }
  if (!original.trim()) return { keys: [], topics: [], errors: [{ file: name, message: `${name} is empty` }] };
  const limit = overLimit(name, original);
  if (limit) return { keys: [], topics: [], errors: [limit] };
  // ids in any script the engine accepts (Unicode NCNames); bpmn-moddle takes ASCII only
  const { xml, original: idOf } = aliasUnicodeIds(original);
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
      return { keys: [], topics: [], errors: [{ file: name, element: root, message: `${name} is XML but not BPMN: the root element is <${root ?? '?'}>, expected <bpmn:definitions> in the BPMN 2.0 namespace` }] };
    }
    return { keys: [], topics: [], errors: [{ file: name, line, message: `${name} is not well-formed XML${line ? ` (line ${line})` : ''}: ${nested ?? firstLine(message)}` }] };
  }
  const errors: DeployError[] = parsed.warnings.map((w: { message: string; element?: { id?: string } }) => ({
    file: name, line: position(w.message), element: idOf(w.element?.id),
    // "unparsable content <bpmn:process> detected … nested error: illegal ID <1st>": the nested error says what
    message: `${name}: ${idOf(/nested error: (.*)/.exec(w.message)?.[1] ?? firstLine(w.message))}${position(w.message) ? ` (line ${position(w.message)})` : ''}`,
  }));
  const processes = (parsed.rootElement?.rootElements ?? []).filter((e: { $type: string }) => e.$type === 'bpmn:Process');
  const keys = processes.filter((p: { isExecutable?: boolean }) => p.isExecutable).map((p: { id: string }) => idOf(p.id)!);
  if (!keys.length) {
    errors.push({
      file: name, element: idOf(processes[0]?.id),
      message: processes.length
        ? `${name} has no executable process: set isExecutable="true" on process "${idOf(processes[0].id)}" (in Camunda Modeler: "Executable" in the process properties)`
        : `${name} contains no process`,
    });
  }
  const topics = parsed.rootElement ? externalTopics(parsed.rootElement).map((t) => ({ ...t, element: idOf(t.element)! })) : [];
  return { keys, errors, topics };
}

/** Every `camunda:topic` of an external task (service, send, business-rule task, message event),
 * found anywhere in the document, with the id of the element that names it. */
function externalTopics(root: unknown): TopicUse[] {
  const found: TopicUse[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const el = node as { $attrs?: Record<string, string>; id?: string; $parent?: unknown };
    const topic = el.$attrs?.['camunda:topic'];
    if (topic && el.$attrs?.['camunda:type'] === 'external') found.push({ topic, element: el.id ?? '?' });
    for (const [key, value] of Object.entries(node)) {
      if (key === '$parent' || key === '$descriptor' || key === '$model') continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && '$type' in value) visit(value);
    }
  };
  visit(root);
  return found;
}

interface EngineParseDetails { [resource: string]: { errors?: { message: string; line?: number; mainElementId?: string }[] } }

export class Deployer {
  /** servedTopics: the topics the connected workers serve right now */
  constructor(private rest: CamundaRest, private servedTopics: () => string[] = () => []) {}

  async deploy(input: DeployInput, source = 'procos'): Promise<DeployResult> {
    const parsed: ParsedFile[] = [];
    const errors: DeployError[] = [];
    const names = new Set<string>();
    for (const file of input.files) {
      const name = basename(file.name);
      if (names.has(name)) { errors.push({ file: name, message: `${name} is given twice` }); continue; }
      names.add(name);
      const result = await validateBpmn(name, file.xml);
      errors.push(...result.errors);
      parsed.push({ name, xml: file.xml, processKeys: result.keys, topics: result.topics });
    }
    if (errors.length) return { ok: false, processes: [], errors, warnings: [] };

    const form = new FormData();
    form.append('deployment-name', parsed.length === 1 ? parsed[0].name : `${parsed.length} files`);
    form.append('deployment-source', source);
    form.append('enable-duplicate-filtering', 'true');
    form.append('deploy-changed-only', 'true');
    for (const f of parsed) form.append(f.name, new Blob([f.xml], { type: 'application/octet-stream' }), f.name);
    let deployment: { id: string };
    const bytes = parsed.reduce((sum, f) => sum + Buffer.byteLength(f.xml), 0);
    try {
      deployment = await this.rest.post<{ id: string }>('/deployment/create', form, {
        what: `deploying ${parsed.map((f) => f.name).join(', ')} (${megabytes(bytes)})`, deadlineMs: DEPLOY_DEADLINE_MS,
      });
    } catch (err) {
      // the engine refused the files: findings; it is down or did not answer: an error of its own
      if (err instanceof ApiError && (err.status === 503 || err.status === 504)) throw err;
      return { ok: false, processes: [], errors: engineErrors(err), warnings: [] };
    }
    const processes = [];
    for (const key of parsed.flatMap((f) => f.processKeys)) {
      const [def] = await this.rest.get<{ id: string; key: string; version: number; name?: string }[]>(
        `/process-definition?key=${encodeURIComponent(key)}&latestVersion=true`);
      if (def) processes.push({ key: def.key, version: def.version, id: def.id, name: def.name ?? undefined });
    }
    return { ok: true, deploymentId: deployment.id, processes, errors: [], warnings: this.unservedTopics(parsed) };
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
    const files = readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort()
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
