/**
 * A diagram in plain words, step by step, read from the diagram itself (bpmn-moddle, so any BPMN,
 * not only drafts): how it starts, each step in the order of the flows with who or what does it,
 * each decision with its conditions, waits, parallel blocks, and how it ends. Every named element is
 * in it; elements no flow reaches (boundary events, event sub-processes) come last.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { ApiError } from '../../../common/contract';
import { topic as topicDef } from '../../../common/topics';

export interface El {
  $type: string; id: string; name?: string; $attrs?: Record<string, string>;
  flowElements?: El[]; sourceRef?: El; targetRef?: El; conditionExpression?: { body?: string }; default?: El;
  incoming?: El[]; outgoing?: El[];
  eventDefinitions?: { $type: string; timeCycle?: { body?: string }; timeDuration?: { body?: string }; timeDate?: { body?: string }; messageRef?: { name?: string } }[];
  loopCharacteristics?: { $type: string; $attrs?: Record<string, string> };
  extensionElements?: { values?: { $type: string; $children?: { $type?: string; $attrs?: Record<string, string>; name?: string; id?: string; label?: string; $body?: string }[] }[] };
}

/** The processes of a diagram; a readable error when it is no BPMN. */
export async function readProcesses(xml: string): Promise<El[]> {
  let root;
  try {
    ({ rootElement: root } = await new BpmnModdle().fromXML(xml, 'bpmn:Definitions'));
  } catch (err) {
    throw new ApiError(`this is not BPMN that can be read: ${(err as Error).message.split('\n')[0]}`);
  }
  const processes = ((root as unknown as { rootElements?: El[] }).rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
  if (!processes.length) throw new ApiError('the diagram contains no process');
  return processes;
}

const quoted = (e: El) => `"${(e.name ?? e.id).replace(/\s+/g, ' ').trim()}"`;
const condition = (f: El) => (f.conditionExpression?.body ?? '').trim().replace(/^\$\{\s*|\s*\}$/g, '');
const isFlow = (e: El) => e.$type === 'bpmn:SequenceFlow';

function formFields(e: El): string[] {
  return (e.extensionElements?.values ?? []).filter((v) => v.$type === 'camunda:formData' || v.$type === 'camunda:FormData')
    .flatMap((v) => v.$children ?? []).map((c) => c.$attrs?.label ?? c.label ?? c.$attrs?.id ?? c.id ?? '').filter(Boolean);
}

function timerWords(d: NonNullable<El['eventDefinitions']>[number]): string {
  if (d.timeCycle?.body) return `on the schedule ${d.timeCycle.body.trim()}`;
  if (d.timeDuration?.body) return `for ${d.timeDuration.body.trim()}`;
  if (d.timeDate?.body) return `until ${d.timeDate.body.trim()}`;
  return 'for a timer';
}

/** What one element is, in words. */
function describe(e: El): string {
  const definition = e.eventDefinitions?.[0];
  const loop = e.loopCharacteristics?.$attrs?.['camunda:collection'];
  const each = loop ? ` — once for each element of ${loop.replace(/^\$\{|\.elements\(\)\}$|\}$/g, '')}` : e.loopCharacteristics ? ' — several times' : '';
  switch (e.$type) {
    case 'bpmn:StartEvent':
      if (definition?.$type === 'bpmn:TimerEventDefinition') return `It starts ${timerWords(definition)} (${quoted(e)}).`;
      if (definition?.$type === 'bpmn:MessageEventDefinition') return `It starts when the message ${definition.messageRef?.name ?? ''} arrives (${quoted(e)}).`;
      return `It starts: ${quoted(e)}.`;
    case 'bpmn:EndEvent': return `It ends: ${quoted(e)}.`;
    case 'bpmn:ServiceTask': case 'bpmn:SendTask': case 'bpmn:BusinessRuleTask': {
      const name = e.$attrs?.['camunda:topic'];
      const def = name ? topicDef(name) : undefined;
      return `${quoted(e)}: ${def ? `the ${name} worker ${def.description}` : name ? `a worker on topic ${name}` : 'done by the engine'}${each}.`;
    }
    case 'bpmn:UserTask': {
      const fields = formFields(e);
      return `${quoted(e)}: a person does it${fields.length ? ` and answers ${fields.join(', ')}` : ''}${each}.`;
    }
    case 'bpmn:IntermediateCatchEvent':
      if (definition?.$type === 'bpmn:TimerEventDefinition') return `${quoted(e)}: it waits ${timerWords(definition)}.`;
      if (definition?.$type === 'bpmn:MessageEventDefinition') return `${quoted(e)}: it waits for the message ${definition.messageRef?.name ?? ''}.`;
      return `${quoted(e)}: it waits for an event.`;
    case 'bpmn:ExclusiveGateway': case 'bpmn:InclusiveGateway': {
      const branches = (e.outgoing ?? []).map((f) => {
        const when = e.default?.id === f.id ? 'otherwise' : condition(f) ? `if ${condition(f)}` : f.name ? `when ${f.name}` : 'else';
        return `${when} → ${f.targetRef ? quoted(f.targetRef) : '?'}`;
      });
      return `Decision ${quoted(e)}: ${branches.join('; ')}.`;
    }
    case 'bpmn:ParallelGateway':
      return `At the same time${e.name ? ` (${quoted(e)})` : ''}: ${(e.outgoing ?? []).map((f) => (f.targetRef ? quoted(f.targetRef) : '?')).join(' and ')}.`;
    default:
      return `${quoted(e)}: ${e.$type.replace(/^bpmn:/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}${each}.`;
  }
}

/** The flow nodes in the order a run meets them: a join only after all its branches. */
export function inOrder(elements: El[]): El[] {
  const nodes = elements.filter((e) => !isFlow(e));
  const waiting = new Map(nodes.map((n) => [n.id, (n.incoming ?? []).length]));
  const stack = nodes.filter((n) => !(n.incoming ?? []).length && n.$type !== 'bpmn:BoundaryEvent').reverse();
  const seen = new Set<string>();
  const order: El[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    order.push(n);
    for (const f of [...(n.outgoing ?? [])].reverse()) {
      const t = f.targetRef;
      if (!t || seen.has(t.id)) continue;
      const left = (waiting.get(t.id) ?? 1) - 1;
      waiting.set(t.id, left);
      if (left <= 0) stack.push(t);
    }
    // a loop back makes a node wait forever: take the earliest one still waiting
    if (!stack.length) {
      const stuck = nodes.find((x) => !seen.has(x.id) && (x.incoming ?? []).some((f) => seen.has(f.sourceRef?.id ?? '')));
      if (stuck) stack.push(stuck);
    }
  }
  return [...order, ...nodes.filter((x) => !seen.has(x.id))];
}

const isJoin = (e: El) => /Gateway$/.test(e.$type) && (e.outgoing ?? []).length <= 1 && (e.incoming ?? []).length > 1 && !e.name;

/** Numbered lines, one per step of each process (joins without a name are left out). */
export function outlineOf(processes: El[]): string {
  const lines: string[] = [];
  for (const p of processes) {
    if (processes.length > 1) lines.push(`Process ${quoted(p)}:`);
    let n = 0;
    const walk = (elements: El[], indent: string) => {
      for (const e of inOrder(elements)) {
        if (isJoin(e)) continue;
        const text = describe(e);
        const numbered = /^It (starts|ends)/.test(text) ? text : `${++n}. ${text}`;
        lines.push(`${indent}${numbered}`);
        if (e.flowElements) walk(e.flowElements, `${indent}   `);
      }
    };
    walk(p.flowElements ?? [], '');
  }
  return lines.join('\n');
}
